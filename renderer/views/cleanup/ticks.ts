/**
 * Which candidates of the preview on screen are ticked, by item key. Set
 * afresh from each preview's defaults (what Docker's prune would take); a
 * tick changes one box, so a row re-renders alone.
 */
import { createTickSet } from '../../store/tickSet';

export const useTicks = createTickSet();
