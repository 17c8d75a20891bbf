package org.btrfssendbackup.ops.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.ops.console.Terminal;

/**
 * Runs console command lines in-process against a real embedded broker, as the operator
 * user, with captured stdout and stderr.
 */
final class ConsoleHarness {

    private final BrokerFixture fixture;
    private ConsoleEnvironment environment = new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none());

    ConsoleHarness(BrokerFixture fixture) {
        this.fixture = fixture;
    }

    ConsoleHarness withEnvironment(ConsoleEnvironment value) {
        environment = value;
        return this;
    }

    ConsoleEnvironment environment() {
        return environment;
    }

    Path operatorPasswordFile() {
        return fixture.passwordDirectory().resolve("operator.password");
    }

    /** {@code --broker <in-vm url> --password-file <operator's>} then the arguments. */
    ConsoleResult run(String... args) {
        List<String> all = new ArrayList<>(List.of("--broker", fixture.broker().inVmUrl(),
                "--password-file", operatorPasswordFile().toString()));
        all.addAll(List.of(args));
        return runRaw(environment, all.toArray(String[]::new));
    }

    /** Exactly the given arguments. */
    static ConsoleResult runRaw(ConsoleEnvironment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = OpsMain.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new ConsoleResult(exitCode, out.toString(), err.toString());
    }
}
