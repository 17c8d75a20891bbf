package org.btrfssendbackup.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProductVersionTest {

    @Test
    void theConstantIsTheMavenProjectVersion() throws Exception {
        // Tests run with the module directory as working directory; the parent pom holds the version.
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher version = Pattern.compile("<artifactId>btrfs-send-backup-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(version.find()).as("parent pom version").isTrue();
        assertThat(ProductVersion.VERSION).isEqualTo(version.group(1).replace("-SNAPSHOT", ""));
    }
}
