package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.btrfssendbackup.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The broker's file goes through core's shell-style parser: same syntax, same FILE:LINE: KEY errors. */
class BrokerConfigFileTest {

    @TempDir
    Path tmp;

    @Test
    void readsQuotedValuesAndCommentsIntoTheSettingsMap() throws Exception {
        Path file = tmp.resolve("broker.conf");
        Files.writeString(file, String.join("\n",
                "# broker",
                "BROKER_NAME=hub   # trailing comment",
                "BROKER_USERS='producer:producer operator:operator'",
                "BROKER_REDELIVERY_DELAY=\"2s\"",
                "BROKER_NAME=hub2",
                ""));
        BrokerConfigFile.Values read = BrokerConfigFile.read(file);
        assertThat(read.values()).containsEntry("BROKER_NAME", "hub2")
                .containsEntry("BROKER_USERS", "producer:producer operator:operator")
                .containsEntry("BROKER_REDELIVERY_DELAY", "2s")
                .hasSize(3);
        assertThat(read.warnings()).singleElement().asString().contains(file + ":5: BROKER_NAME is set again");
        BrokerSettings settings = BrokerSettings.fromMap(read.values(), file.toString());
        assertThat(settings.brokerName()).isEqualTo("hub2");
        assertThat(settings.users()).extracting(BrokerUser::name).containsExactly("producer", "operator");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "BROKER_NAME=hub\\nBROKER_DATA_DIR=$HOME/broker | :2: BROKER_DATA_DIR: '$'",
            "BROKER_NAME=hub\\n\\nexport BROKER_NAME=x | :3: ",
            "BROKER_USERS=(producer:producer operator:operator) | :1: BROKER_USERS: must be a single value",
            "BROKER_NAME='hub | :1: BROKER_NAME: unterminated single quote"})
    void syntaxErrorsNameFileLineAndKey(String text, String expected) throws Exception {
        Path file = tmp.resolve("broker.conf");
        Files.writeString(file, text.replace("\\n", "\n") + "\n");
        assertThatThrownBy(() -> BrokerConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(expected);
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        Path file = tmp.resolve("absent.conf");
        assertThatThrownBy(() -> BrokerConfigFile.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": cannot read config file");
    }
}
