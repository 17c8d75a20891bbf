package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The BROKER_USERS grammar {@code NAME:ROLE[@HOST1,HOST2]} and who is bound to which hosts. */
class BrokerUsersTest {

    private static final Path DIR = Path.of("/etc/broker");

    /** Each user rendered as name:role@hosts (sorted; "*" for unbound), joined by spaces. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "producer:producer receiver:receiver pruner:pruner operator:operator | producer:producer@* receiver:receiver@* pruner:pruner@* operator:operator@*",
            "web1:producer                            | web1:producer@web1",
            "ingest-web1:receiver                     | ingest-web1:receiver@ingest-web1",
            "web1:producer@web1.example.org           | web1:producer@web1.example.org",
            "producer:producer@web1                   | producer:producer@web1",
            "receiver:receiver@web2,web1              | receiver:receiver@web1,web2",
            "a:producer@h1,h2 b:receiver              | a:producer@h1,h2 b:receiver@b",
            "a:producer,b:producer@h1,h2              | a:producer@a b:producer@h1,h2",
            "'producer:producer, web1:producer'       | producer:producer@* web1:producer@web1",
            "'  operator:operator  '                  | operator:operator@*",
            "ingest:receiver@fe80::1                  | ingest:receiver@fe80::1",
            "web1:producer@web:6                      | web1:producer@web:6",
    })
    void entriesAndTheirHosts(String text, String expected) {
        assertThat(render(BrokerUsers.parse(text, DIR))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "web1                         | not NAME:ROLE",
            ":producer                    | not NAME:ROLE",
            "web1:admin                   | unknown broker role",
            "web1:producer@               | empty host name",
            "web1:producer@h1,,h2         | empty host name",
            "web1:producer@h1,            | empty host name",
            "a:producer@h1,b:receiver@h2  | two host lists",
            "web1:producer@-bad           | invalid host",
            "web1:producer@we'b           | invalid host",
            "op:operator@web1             | the operator role is never bound",
            "pruner:pruner@web1           | the pruner role is never bound",
            "Web1:producer                | invalid name",
            "web1:producer@fe80::1        | address::queue separator",
    })
    void badEntriesAreRefusedNamingWhy(String text, String problem) {
        assertThatThrownBy(() -> BrokerUsers.parse(text, DIR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"web1, /etc/broker/web1.password", "operator, /etc/broker/operator.password"})
    void eachPasswordIsTheUsersFileInThePasswordDirectory(String name, String file) {
        assertThat(BrokerUsers.parse("web1:producer@web1 operator:operator", DIR))
                .filteredOn(u -> u.name().equals(name)).singleElement()
                .extracting(BrokerUser::passwordFile).isEqualTo(Path.of(file));
    }

    private static String render(List<BrokerUser> users) {
        return users.stream().map(u -> u.name() + ":" + u.role().roleName() + "@"
                        + (u.bound() ? u.hosts().stream().sorted().collect(Collectors.joining(",")) : "*"))
                .collect(Collectors.joining(" "));
    }
}
