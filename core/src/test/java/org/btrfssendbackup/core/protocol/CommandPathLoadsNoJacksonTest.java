package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * The receiver parses every command, put-stream and version included, with
 * {@link ReceiverCommands} and writes every reply with the reply records' {@code format()}; its
 * start-up must not pay for Jackson, which only the reply readers of the same package need. Core's classes are loaded here without any
 * library on the class path: parsing and formatting must still work.
 */
class CommandPathLoadsNoJacksonTest {

    @Test
    void parsingAndFormattingACommandNeedsNoLibrary() throws Exception {
        URL coreClasses = ReceiverCommands.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader bare = new URLClassLoader(new URL[] {coreClasses}, ClassLoader.getPlatformClassLoader())) {
            Class<?> commands = bare.loadClass(ReceiverCommands.class.getName());
            Method parse = commands.getMethod("parse", String.class);
            String line = "put-stream prod-srv/rootfs prod-srv-rootfs-20260201T020500Z incr "
                    + "prod-srv-rootfs-20260131T020500Z compression=zstd";
            Object command = parse.invoke(null, line);
            assertThat(command.getClass().getMethod("format").invoke(command)).isEqualTo(line);
            assertThat(parse.invoke(null, "version").getClass().getSimpleName()).isEqualTo("Version");
            // the receiver writes every reply through the reply records, without Jackson too
            URL testClasses = ReplyWriting.class.getProtectionDomain().getCodeSource().getLocation();
            try (URLClassLoader withWriter = new URLClassLoader(new URL[] {coreClasses, testClasses},
                    ClassLoader.getPlatformClassLoader())) {
                Object written = withWriter.loadClass(ReplyWriting.class.getName()).getMethod("writeAll").invoke(null);
                assertThat((String) written).contains("\"freeBytes\":5", "\"status\":\"stored\"",
                        "\"status\":\"received\"", "\"status\":\"pruned\"", "\"status\":\"opened\"",
                        "\"status\":\"closed\"", "\"restorable\":true", "\"status\":\"invalid-manifest\"",
                        "\"status\":\"no-manifest\"", "\"type\":\"received-snapshot\"");
            }
            // the guard works: the reply reader, which does need Jackson, cannot load here
            assertThatThrownBy(() -> bare.loadClass(ListReply.class.getName()).getMethods())
                    .isInstanceOf(NoClassDefFoundError.class);
        }
    }
}
