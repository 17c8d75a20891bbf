package org.btrfssendbackup.ops.console;

import java.io.Console;

/**
 * Where the console asks the operator to confirm something destructive. Without an
 * interactive terminal (cron, a pipe, tests) nothing can be confirmed, so destructive
 * commands must be told {@code --yes} explicitly.
 */
public interface Terminal {

    /** Whether a human can answer a prompt. */
    boolean isInteractive();

    /** Shows the prompt and returns the answer, or null at end of input. */
    String readLine(String prompt);

    /** The process' controlling terminal ({@link System#console()}), if any. */
    static Terminal system() {
        return new Terminal() {
            @Override
            public boolean isInteractive() {
                return System.console() != null;
            }

            @Override
            public String readLine(String prompt) {
                Console console = System.console();
                return console == null ? null : console.readLine("%s", prompt);
            }
        };
    }

    /** No terminal at all. */
    static Terminal none() {
        return new Terminal() {
            @Override
            public boolean isInteractive() {
                return false;
            }

            @Override
            public String readLine(String prompt) {
                return null;
            }
        };
    }
}
