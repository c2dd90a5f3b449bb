// The request's timeline: every step and decision in order, with who did it and the figures.
import { eventDescription, eventTitle, type TimelineEvent } from './timeline';

export function RolloutTimeline({ events }: { events: TimelineEvent[] }) {
  return (
    <section aria-labelledby="timeline-title" className="flex flex-col gap-2">
      <h2 id="timeline-title" className="text-lg font-semibold">
        Timeline
      </h2>
      <ol className="flex flex-col gap-0 border-l-2 border-slate-200 pl-4" aria-label="Rollout timeline">
        {events.map((e) => (
          <li key={e.id} className="relative py-2" data-testid={`timeline-${e.kind}`}>
            <span aria-hidden="true" className={`absolute -left-[1.4rem] top-3.5 h-2.5 w-2.5 rounded-full ${e.kind === 'auto_rollback' || e.kind === 'rejected' ? 'bg-red-600' : e.kind === 'completed' || e.kind === 'step_passed' ? 'bg-emerald-600' : 'bg-slate-400'}`} />
            <p className="text-sm">
              <span className="font-medium">{eventTitle(e.kind)}</span> <span className="text-slate-500">· {new Date(e.at).toLocaleString()} · {e.actorLabel}</span>
            </p>
            <p className="text-sm text-slate-700">{eventDescription(e.kind, e.detail)}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
