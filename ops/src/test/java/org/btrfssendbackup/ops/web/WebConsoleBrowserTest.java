package org.btrfssendbackup.ops.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.DeadLetters;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.btrfssendbackup.core.config.ShellConfigParser;
import org.btrfssendbackup.core.config.WebConfig;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.TransferProgress;
import org.btrfssendbackup.messages.jms.EventPublisher;
import org.btrfssendbackup.ops.console.EventLine;
import org.btrfssendbackup.ops.demo.BackupRig;
import org.btrfssendbackup.producer.agent.RunOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (headless chromium through chromedriver, Selenium) on a real
 * hub: the demo rig's embedded broker, producer and pruner, with the events of a real backup run
 * over real sshd into a real btrfs store. Each test logs in itself (cookies are cleared before
 * each), so they do not depend on their order. Screenshots of each page go to
 * target/web-screenshots/.
 */
class WebConsoleBrowserTest {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final ByteArrayOutputStream NARRATION = new ByteArrayOutputStream();
    private static BackupRig rig;
    private static BackupCompleted firstRun;
    private static WebServer server;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        SystemTests.assumeLoopBtrfs();
        for (String tool : new String[] {"sshd", "ssh", "ssh-keygen", "gpg", "zstd"}) {
            SystemTests.assumeTool(tool);
        }
        HeadlessChromium.assumeInstalled();
        rig = new BackupRig(BackupRig.Options.defaults(), new PrintStream(NARRATION, true, StandardCharsets.UTF_8)).start();
        RunOutcome run = rig.backup(e -> { }, RUN_TIMEOUT);
        assertThat(run.succeeded()).as("%s\n%s", run.failure(), NARRATION).isTrue();
        firstRun = run.completed().orElseThrow();
        assertThat(rig.awaitEvents("PruneCompleted", 1, WAIT)).as("the pruner answered the run").isTrue();

        WebConfig config = WebConfig.from(ShellConfigParser.parse("web.conf", "WEB_LISTEN=127.0.0.1:0\n"),
                h -> h.equals("127.0.0.1"), p -> true);
        SecureRandom random = new SecureRandom();
        WebUsers users = WebUsers.of(List.of(
                new WebUser("olga", Role.OPERATOR, PasswordHash.create("olga-pw".toCharArray(), 1000, random))));
        // the policy the rig's pruner applies, as backup-srv's config file would give it: the set page says why kept
        HubView hub = new HubView(() -> rig.client(BrokerRole.OPERATOR), Optional.of(rig.backupRoot()),
                Clock.systemUTC(), Duration.ofHours(26), Optional.of(RetentionPolicy.seedDefaults()));
        server = new WebServer(config, () -> users, new Sessions(config.sessionTimeout(), Clock.systemUTC(), random), hub);
        base = "http://127.0.0.1:" + server.start();
        chromium = HeadlessChromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                if (rig != null) {
                    rig.close();
                }
            }
        }
    }

    @BeforeEach
    void freshBrowserSession() {
        browser.manage().deleteAllCookies();
    }

    @Test
    void anOperatorLogsInAndSeesTheHostAndItsSetOnTheFleetPage() throws Exception {
        browser.get(base + "/");
        assertThat(browser.getCurrentUrl()).as("no session: the login form").isEqualTo(base + "/login");
        browser.findElement(By.id("user")).sendKeys("olga");
        browser.findElement(By.id("password")).sendKeys("olga-pw");
        chromium.screenshot("login");
        browser.findElement(By.id("login")).click();
        waitForTitle("Fleet");
        WebElement row = browser.findElement(By.cssSelector("tr.set[data-set='" + BackupRig.SET + "']"));
        assertThat(row.getAttribute("data-host")).isEqualTo(BackupRig.PRODUCER_HOST);
        assertThat(row.findElement(By.cssSelector("td.verdict")).getText()).isEqualTo("OK");
        assertThat(browser.findElement(By.id("store")).getText()).as("the store's free space").isNotBlank();
        chromium.screenshot("fleet");
    }

    @Test
    void theSetPageFromTheFleetListsTheRunsRestorePoint() throws Exception {
        login();
        browser.findElement(By.linkText(BackupRig.SET)).click();
        waitForTitle("Set " + BackupRig.SET);
        List<String> snapshots = browser.findElements(By.cssSelector("#restore-points tr.restore-point"))
                .stream().map(r -> r.findElements(By.tagName("td")).get(1).getText()).toList();
        assertThat(snapshots).contains(firstRun.snapshot());
        List<String> keptBecause = browser.findElements(By.cssSelector("#restore-points tr.restore-point td.kept-because"))
                .stream().map(cell -> cell.getText()).toList();
        assertThat(keptBecause).as("the run's only point is the newest: the pruner keeps it")
                .isNotEmpty().allSatisfy(reason -> assertThat(reason).isNotBlank().doesNotContain("nothing keeps it"));
        chromium.screenshot("set");
    }

    @Test
    void anEventPublishedAfterTheLivePageOpenedAppearsOnIt() throws Exception {
        login();
        browser.get(base + "/events");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("live-state"),
                "following the hub's events"));
        // the page says so once the server has subscribed to the hub: an event published now is pushed to it.
        // A progress event as the producer publishes it mid-transfer (a whole second run costs ~20 s here).
        String runId = EventEnvelope.newRunId();
        EventEnvelope progress = EventEnvelope.create(Clock.systemUTC(), new TransferProgress(firstRun.snapshot(),
                firstRun.kind(), firstRun.bytes() / 2, firstRun.bytes(), 1500), BackupRig.PRODUCER_HOST, BackupRig.SET,
                runId, null);
        try (Connection connection = rig.client(BrokerRole.PRODUCER).connect();
             Session jms = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             EventPublisher publisher = new EventPublisher(jms)) {
            publisher.publish(progress);
        }
        new WebDriverWait(browser, WAIT).until(d -> !liveTypesOf(runId).isEmpty());
        assertThat(liveTypesOf(runId)).containsExactly("TransferProgress");
        WebElement row = browser.findElement(By.cssSelector("#live tr.live-event"));
        assertThat(row.getText()).contains(BackupRig.PRODUCER_HOST).contains(BackupRig.SET);
        chromium.screenshot("live");
    }

    @Test
    void aRetriedDeadLetterLeavesTheList() throws Exception {
        long id = deadLetter();
        login();
        browser.get(base + "/dead-letters");
        WebElement row = browser.findElement(By.cssSelector("tr.dead-letter[data-id='" + id + "']"));
        assertThat(row.getText()).contains("PruneRequested").contains(BackupRig.SET).contains(REASON);
        chromium.screenshot("dead-letters");
        row.findElement(By.cssSelector("button.retry")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(browser.findElement(By.id("notice")).getText())
                .isEqualTo("Sent dead letter " + id + " back to its original queue.");
        assertThat(browser.findElements(By.cssSelector("tr.dead-letter[data-id='" + id + "']"))).isEmpty();
        browser.get(base + "/dead-letters");
        assertThat(browser.findElements(By.cssSelector("tr.dead-letter[data-id='" + id + "']"))).as("after a reload").isEmpty();
    }

    @Test
    void aRetryWhoseFormLostItsCsrfTokenIsRefusedAndRetriesNothing() throws Exception {
        long id = deadLetter();
        login();
        browser.get(base + "/dead-letters");
        String row = "tr.dead-letter[data-id='" + id + "']";
        browser.executeScript("document.querySelector(arguments[0] + \" input[name='csrf']\").remove();", row);
        browser.findElement(By.cssSelector(row + " button.retry")).click();
        waitForTitle("Forbidden");
        assertThat(browser.findElement(By.id("refused")).getText()).contains("CSRF token");
        browser.get(base + "/dead-letters");
        assertThat(browser.findElements(By.cssSelector(row))).as("still waiting").hasSize(1);
    }

    @Test
    void withoutASessionTheBrowserGetsTheLoginPageAndAPostIsRefused() throws Exception {
        deadLetter();
        browser.get(base + "/dead-letters");
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/login");
        assertThat(browser.findElements(By.id("login"))).hasSize(1);
        long waiting = waiting();
        // a form another page could post: no session cookie, so no token either
        browser.executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/dead-letters/purge';
                for (const [name, value] of [['confirm', 'yes'], ['csrf', 'guessed']]) {
                  const input = document.createElement('input');
                  input.type = 'hidden'; input.name = name; input.value = value;
                  form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();""");
        waitForTitle("Forbidden");
        assertThat(browser.findElement(By.id("refused")).getText()).contains("not logged in");
        assertThat(waiting()).as("nothing purged").isEqualTo(waiting);
    }

    @Test
    void theAuditPageFiltersTheRunsEventsBySet() throws Exception {
        login();
        browser.get(base + "/audit");
        WebElement set = browser.findElement(By.cssSelector("#audit-filter input[name='set']"));
        set.sendKeys(BackupRig.SET);
        set.submit();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("set="));
        List<String> types = browser.findElements(By.cssSelector("#audit tr.event")).stream()
                .map(r -> r.findElements(By.tagName("td")).get(1).getText()).toList();
        assertThat(types).contains("BackupRequested", "BackupCompleted", "PruneCompleted");
        List<String> sets = browser.findElements(By.cssSelector("#audit tr.event")).stream()
                .map(r -> r.findElements(By.tagName("td")).get(3).getText()).distinct().toList();
        assertThat(sets).containsExactly(BackupRig.SET);
        chromium.screenshot("audit");
    }

    private static final String REASON = "test: the pruner gave up (a dead letter made as the step consumer makes one)";

    /**
     * The run's own PruneRequested, put on the dead-letter queue as the step consumer puts a
     * trigger whose step failed for good (same body and properties); retried, the real pruner
     * takes it again. Returns the dead letter's id, the one new on the list.
     */
    private static long deadLetter() throws Exception {
        EventEnvelope request = rig.auditTimeline().stream().filter(e -> "PruneRequested".equals(e.type()))
                .map(EventLine::envelope).findFirst().orElseThrow();
        Set<Long> before = ids();
        try (Connection connection = rig.client(BrokerRole.PRUNER).connect()) {
            Session jms = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage letter = jms.createTextMessage(new EventCodec().encode(request));
            letter.setStringProperty(Topology.PROPERTY_TYPE, request.type());
            letter.setStringProperty(Topology.PROPERTY_HOST, request.host());
            letter.setStringProperty(Topology.PROPERTY_BACKUP_SET, request.backupSet());
            letter.setStringProperty(Topology.PROPERTY_RUN_ID, request.runId());
            letter.setStringProperty(Topology.PROPERTY_DEAD_LETTER_REASON, REASON);
            letter.setStringProperty(Topology.PROPERTY_EVENT_ID, request.eventId().toString());
            letter.setIntProperty(Topology.PROPERTY_DELIVERY_COUNT, 3);
            letter.setStringProperty(Topology.PROPERTY_ORIGINAL_QUEUE, Topology.PRUNER_AGENT_QUEUE.name());
            letter.setStringProperty(Topology.PROPERTY_ORIGINAL_ADDRESS, Topology.EVENTS_ADDRESS);
            jms.createProducer(jms.createQueue(Topology.DEAD_LETTER_QUEUE)).send(letter);
        }
        Set<Long> after = ids();
        after.removeAll(before);
        assertThat(after).hasSize(1);
        return after.iterator().next();
    }

    private static Set<Long> ids() {
        try (DeadLetters letters = DeadLetters.connect(rig.client(BrokerRole.OPERATOR))) {
            Set<Long> ids = new HashSet<>();
            letters.list().forEach(l -> ids.add(l.messageId()));
            return ids;
        }
    }

    private static long waiting() {
        try (DeadLetters letters = DeadLetters.connect(rig.client(BrokerRole.OPERATOR))) {
            return letters.count();
        }
    }

    private static void login() {
        browser.get(base + "/login");
        browser.findElement(By.id("user")).sendKeys("olga");
        browser.findElement(By.id("password")).sendKeys("olga-pw");
        browser.findElement(By.id("login")).click();
        waitForTitle("Fleet");
    }

    private static void waitForTitle(String title) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.titleIs(title + " · btrfs-backup-web"));
    }

    /** The types of the rows the page added for one run, by the run id in the row's last cell. */
    private static List<String> liveTypesOf(String runId) {
        return browser.findElements(By.cssSelector("#live tr.live-event")).stream()
                .map(r -> r.findElements(By.tagName("td")))
                .filter(cells -> cells.get(4).getText().equals(runId))
                .map(cells -> cells.get(1).getText()).toList();
    }
}
