package org.btrfssendbackup.core.protocol;

import java.util.Collection;
import java.util.Map;

/**
 * Writes one JSON object of plain values: strings, integers, booleans, null, and lists and
 * objects (maps with string keys) of those. That is all the receiver's replies and
 * ALERT_COMMAND's stdin hold.
 *
 * <p>Why not Jackson, which the rest of the project uses: the receiver is a new JVM for every
 * SSH call, and initializing an ObjectMapper loads about 600 classes, which was the biggest part
 * of a call's start-up CPU (measured: {@code version} 0.55 CPU s with it). Writing is all the
 * receiver does with JSON; {@code FlatJsonTest} reads every output back with Jackson.
 */
public final class FlatJson {

    private FlatJson() {
    }

    public static String object(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder(256);
        object(out, fields);
        return out.toString();
    }

    private static void object(StringBuilder out, Map<?, ?> fields) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (!(field.getKey() instanceof String key)) {
                throw new IllegalArgumentException("not a JSON object key: " + field.getKey());
            }
            string(out, key);
            out.append(':');
            value(out, field.getValue());
        }
        out.append('}');
    }

    private static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence text) {
            string(out, text);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> fields) {
            object(out, fields);
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                value(out, item);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a flat JSON value: " + value.getClass().getName());
        }
    }

    /** RFC 8259 string: quote, backslash and control characters escaped; the rest as is (UTF-8 out). */
    private static void string(StringBuilder out, CharSequence text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
