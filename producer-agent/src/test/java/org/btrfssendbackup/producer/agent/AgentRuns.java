package org.btrfssendbackup.producer.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.messages.jms.RedeliveryPolicy;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.btrfssendbackup.producer.OneShotRun;
import org.btrfssendbackup.producer.broker.BrokerConnection;
import org.btrfssendbackup.producer.steps.ProducerTools;
import org.btrfssendbackup.producer.testing.ProducerFixture;

/** Runs the one-shot CLI path against a real embedded broker (fast redelivery) and captures its output. */
final class AgentRuns {

    /** One quick in-step try; fast redelivery by the step consumer, as many attempts as the test broker's. */
    static final StepSettings FAST_STEPS = new StepSettings(1, Duration.ZERO, Duration.ofMillis(100),
            new RedeliveryPolicy(BrokerFixture.FAST_REDELIVERY.delay(), BrokerFixture.FAST_REDELIVERY.multiplier(),
                    BrokerFixture.FAST_REDELIVERY.maxDelay(), BrokerFixture.FAST_REDELIVERY.maxDeliveryAttempts()));

    record Result(int exitStatus, String out, String err) {
    }

    private AgentRuns() {
    }

    static Result run(ProducerFixture f, ProducerTools tools, Path brokerRoot, boolean json) throws IOException,
            InterruptedException {
        return run(f, tools, brokerRoot, new OneShotRun.Options(false, false, json, Duration.ofMinutes(2), FAST_STEPS));
    }

    static Result run(ProducerFixture f, ProducerTools tools, Path brokerRoot, OneShotRun.Options options)
            throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var settings = BrokerFixture.settings(brokerRoot);
        int status = new OneShotRun(f.config, tools, () -> BrokerConnection.embedded(settings), options,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run();
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
