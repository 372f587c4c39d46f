package dev.kedrovertexai.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
  @TempDir Path dir;

  @Test
  void thereAreNoTimingsBeforeAnyLocalRun() throws Exception {
    assertEquals(Optional.empty(), new OutputFiles(dir).latestTimings());
    Files.createDirectories(dir.resolve("runs/failed-before-timings"));
    assertEquals(Optional.empty(), new OutputFiles(dir).latestTimings());
  }

  @Test
  void theNewestRunsTimingsAreUsedWhateverTheirNames() throws Exception {
    OutputFiles files = new OutputFiles(dir);
    Path older = timings("z-older-run", 1_000);
    Path newer = timings("a-newer-run", 2_000);
    assertEquals(Optional.of(newer), files.latestTimings());
    Files.setLastModifiedTime(older, FileTime.fromMillis(3_000));
    assertEquals(Optional.of(older), files.latestTimings());
  }

  private Path timings(String run, long modifiedMillis) throws Exception {
    Path file = Files.createDirectories(dir.resolve("runs").resolve(run)).resolve("timings.json");
    Files.writeString(file, "{}");
    Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
    return file;
  }
}
