package dev.kedrovertexai.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writesTheWholeContentAndLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("out/pipeline.json");
    AtomicFiles.write(target, "{}\n");
    AtomicFiles.write(target, "{\"a\": 1}\n");
    assertEquals("{\"a\": 1}\n", Files.readString(target));
    try (Stream<Path> files = Files.list(target.getParent())) {
      assertEquals(List.of(target), files.toList());
    }
  }

  @Test
  void aNewFileIsReadableByAllAndAReplacedOneKeepsItsPermissions() throws Exception {
    assumeTrue(
        Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class), "needs POSIX permissions");
    Path fresh = dir.resolve("plan.md");
    AtomicFiles.write(fresh, "plan");
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));

    Path existing = Files.writeString(dir.resolve("pipeline.json"), "old");
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-rw----"));
    AtomicFiles.write(existing, "new");
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)));
  }
}
