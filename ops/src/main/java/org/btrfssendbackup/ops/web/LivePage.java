package org.btrfssendbackup.ops.web;

/**
 * Live events: the page opens an EventSource on /events/stream and puts each event on top of
 * the list as the server pushes it (a little plain JavaScript, no build step). It says it is
 * following once the server's "following" event arrives, sent after the hub subscription exists.
 */
final class LivePage {

    private LivePage() {
    }

    static String render(WebSession session) {
        return Layout.page("Live events", session, """
                <p id="live-state">connecting…</p>
                <table id="live"><tr><th>Time</th><th>Type</th><th>Host</th><th>Set</th><th>Run</th></tr></table>
                <script>
                const table = document.getElementById('live');
                const state = document.getElementById('live-state');
                const source = new EventSource('/events/stream');
                source.addEventListener('open', () => { state.textContent = 'connected, subscribing…'; });
                source.addEventListener('following', () => { state.textContent = 'following the hub\\'s events'; });
                source.addEventListener('error', () => { state.textContent = 'disconnected, retrying…'; });
                source.addEventListener('backup-event', message => {
                  const e = JSON.parse(message.data);
                  const row = table.insertRow(1);
                  row.className = 'live-event';
                  for (const value of [e.occurredAt || e.publishedAt, e.type, e.host, e.backupSet, e.runId]) {
                    row.insertCell().textContent = value == null ? '' : value;
                  }
                });
                </script>""");
    }
}
