// What the live (interactive) pages need from the browser itself, as a file (no inline script: CSP).
//
// 1. Reloading from the reconnection message. The link's own address cannot be right: under <base href="/"> an
//    empty href is the home page, and the message is drawn once while the live app moves between pages.
document.addEventListener('click', event => {
    const link = event.target instanceof Element ? event.target.closest('a[data-reload]') : null;
    if (link) {
        event.preventDefault();
        location.reload();
    }
});

// 2. Nothing typed is lost (docs/decisions/0012). Each evidence note is copied into this tab's session
// storage as it is typed, in the browser itself: it still happens while the connection to the server is
// down, which is when it matters. The page clears a copy once the server has acknowledged that text, and
// after a reload or a reconnection offers back any copy that differs from what was saved.
// Session storage, not local storage: the copy ends with the tab, so a shared computer keeps no notes.
(() => {
    const prefix = 'audit-draft:';

    document.addEventListener('input', event => {
        const key = event.target instanceof HTMLTextAreaElement ? event.target.dataset.draftKey : undefined;
        if (key) {
            try { sessionStorage.setItem(prefix + key, event.target.value); } catch { /* storage full or blocked: the server copy still stands */ }
        }
    });

    window.auditDrafts = {
        read(keyPrefix) {
            const found = {};
            for (let i = 0; i < sessionStorage.length; i++) {
                const key = sessionStorage.key(i);
                if (key && key.startsWith(prefix + keyPrefix)) {
                    found[key.substring(prefix.length)] = sessionStorage.getItem(key);
                }
            }
            return found;
        },
        // Only when the copy is still the text the server acknowledged: what was typed after that stays.
        clear(key, acknowledged) {
            const stored = sessionStorage.getItem(prefix + key);
            if (stored !== null && (acknowledged === null || stored === acknowledged)) {
                sessionStorage.removeItem(prefix + key);
            }
        },
    };
})();
