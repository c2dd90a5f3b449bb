// The one query for the firing alerts the console banner and the on-call table share (same
// input, so one request): the newest page of them, and the total of all.
import { MAX_PAGE_SIZE } from '@/server/services/lists/page-limits';

export const FIRING_PAGE = { status: 'firing', limit: MAX_PAGE_SIZE } as const;
