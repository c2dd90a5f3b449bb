/** Shown by areas of the console that are not built yet: nothing pretends to work. */
export function NotBuilt({ area, plan }: { area: string; plan: string }) {
  return (
    <section className="rounded border border-dashed border-slate-300 bg-white p-6" aria-labelledby="not-built-title">
      <h2 id="not-built-title" className="text-lg font-semibold">
        {area} is not built yet
      </h2>
      <p className="mt-2 max-w-2xl text-slate-600">{plan}</p>
    </section>
  );
}
