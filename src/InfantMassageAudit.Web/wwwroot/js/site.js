// NHS.UK frontend's components (header menu, skip link, scrolling tables) need their script;
// every page works without it.
import { initAll } from '/lib/nhsuk-frontend/nhsuk-frontend.min.js';

initAll();
