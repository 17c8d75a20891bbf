package org.btrfssendbackup.ops.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import org.btrfssendbackup.ops.console.Terminal;

/** An interactive terminal whose operator gives the scripted answers; records the prompts. */
final class ScriptedTerminal implements Terminal {

    private final Deque<String> answers;
    private final List<String> prompts = new ArrayList<>();

    ScriptedTerminal(String... answers) {
        this.answers = new ArrayDeque<>(Arrays.asList(answers));
    }

    @Override
    public boolean isInteractive() {
        return true;
    }

    @Override
    public String readLine(String prompt) {
        prompts.add(prompt);
        return answers.poll();
    }

    List<String> prompts() {
        return prompts;
    }
}
