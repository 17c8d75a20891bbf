package org.btrfssendbackup.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetTest {

    @Test
    void writesTheSizeAsAlternatingRandomAndTextFiles(@TempDir Path dir) throws Exception {
        long size = 2 * DataSet.FILE_BYTES + 12_345;
        DataSet.write(dir.resolve("data"), size);
        List<Path> files;
        try (var walk = Files.walk(dir.resolve("data"))) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("random-0000.bin", "random-0002.bin", "text-0001.txt");
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        assertThat(total).isEqualTo(size);
        assertThat(Files.size(files.get(1))).isEqualTo(12_345);
    }
}
