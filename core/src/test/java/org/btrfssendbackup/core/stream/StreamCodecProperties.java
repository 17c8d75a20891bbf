package org.btrfssendbackup.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.btrfssendbackup.core.manifest.Compression;

class StreamCodecProperties {

    @Property(tries = 25)
    void anySizeRoundTrips(@ForAll @IntRange(min = 0, max = 3_000_000) int size, @ForAll("applicable") Compression compression)
            throws IOException {
        byte[] plain = StreamCodecTest.sendStream(size);
        StreamCodecTest.Encoded encoded = StreamCodecTest.encode(plain, compression);
        assertThat(encoded.result().plainBytes()).isEqualTo(size);
        assertThat(StreamCodecTest.decode(encoded.stored())).isEqualTo(plain);
    }

    @Provide
    Arbitrary<Compression> applicable() {
        return Arbitraries.of(Compression.applicable());
    }
}
