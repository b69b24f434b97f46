// NHS.UK frontend's components (header menu, skip link, character counts, scrolling tables) need
// their script; every page also works without it.
import { initAll } from '/lib/nhsuk-frontend/nhsuk-frontend.min.js';

// NHS.UK frontend starts only where the page says it is supported; its templates do that with an
// inline script, which this service's Content-Security-Policy does not allow, so it is done here.
document.body.classList.add('nhsuk-frontend-supported');
initAll();
document.documentElement.classList.add('app-js-enabled');

// In-place saves (htmx). A refused save (4xx) is answered by the server with its reason, which htmx
// swaps into the mechanism's status line. A save that never arrives, or a server failure, is
// reported here; the inputs are never replaced, so what was typed stays and is sent with the next
// change or with "Save draft".
function statusLineOf(element) {
  return element?.closest?.('[hx-post]')?.querySelector('[data-save-status]') ?? null;
}

function reportUnsaved(event, reason) {
  const line = statusLineOf(event.detail?.elt);
  if (!line) return;
  line.textContent = '';
  const message = document.createElement('span');
  message.className = 'app-save-status__message app-save-status__message--error';
  message.textContent = `Not saved: ${reason}. What you entered is still here; change it again or press "Save draft" to retry.`;
  line.appendChild(message);
}

document.body.addEventListener('htmx:sendError', (event) => reportUnsaved(event, 'the service could not be reached'));
document.body.addEventListener('htmx:timeout', (event) => reportUnsaved(event, 'the service took too long to answer'));
document.body.addEventListener('htmx:responseError', (event) => reportUnsaved(event, 'the service had a problem'));
document.body.addEventListener('htmx:beforeRequest', (event) => {
  const line = statusLineOf(event.detail?.elt);
  if (line) line.textContent = 'Saving…';
});
