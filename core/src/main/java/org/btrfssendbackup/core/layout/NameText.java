package org.btrfssendbackup.core.layout;

/**
 * Renders untrusted text for error messages: a refused name may come from a compromised
 * producer, so it is shortened and control or non-ASCII characters are escaped before it
 * can reach a log line or a terminal.
 */
public final class NameText {

    private static final int MAX_SHOWN = 120;

    private NameText() {
    }

    public static String quote(String untrusted) {
        if (untrusted == null) {
            return "(null)";
        }
        StringBuilder out = new StringBuilder();
        int shown = Math.min(untrusted.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = untrusted.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (untrusted.length() > MAX_SHOWN) {
            out.append("...(").append(untrusted.length()).append(" chars)");
        }
        return out.toString();
    }
}
