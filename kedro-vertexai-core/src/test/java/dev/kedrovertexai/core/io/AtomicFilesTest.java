package dev.kedrovertexai.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  @Test
  void writeAllReplacesTheWholeSet() throws Exception {
    Path spec = dir.resolve("pipeline.json");
    Path plan = dir.resolve("plan.md");
    AtomicFiles.writeAll(set(spec, "spec 1", plan, "plan 1"));
    AtomicFiles.writeAll(set(spec, "spec 2", plan, "plan 2"));

    assertEquals("spec 2", Files.readString(spec));
    assertEquals("plan 2", Files.readString(plan));
    assertEquals(List.of("pipeline.json", "plan.md"), names());
  }

  @Test
  void aFailureWhileMovingIntoPlaceRestoresThePreviousSet() throws Exception {
    Path spec = dir.resolve("pipeline.json");
    Path plan = dir.resolve("plan.md");
    Path job = dir.resolve("pipeline-job.json");
    AtomicFiles.writeAll(set(spec, "spec 1", plan, "plan 1"));
    // Injected failure: plan.md cannot be moved aside, after pipeline.json was.
    Files.createDirectories(dir.resolve(".plan.md.previous/in-the-way"));

    Map<Path, String> next = set(spec, "spec 2", plan, "plan 2");
    next.put(job, "job 2");
    assertThrows(IOException.class, () -> AtomicFiles.writeAll(next));

    assertEquals("spec 1", Files.readString(spec));
    assertEquals("plan 1", Files.readString(plan));
    assertFalse(Files.exists(job), "no file of the failed set");
    assertEquals(List.of(".plan.md.previous", "pipeline.json", "plan.md"), names(), "no temporary file is left");
  }

  @Test
  void aFailureWhileWritingLeavesThePreviousSetUntouched() throws Exception {
    Path spec = dir.resolve("pipeline.json");
    AtomicFiles.writeAll(set(spec, "spec 1", dir.resolve("plan.md"), "plan 1"));
    Files.writeString(dir.resolve("runs"), "a file where a folder should be");

    assertThrows(
        IOException.class,
        () -> AtomicFiles.writeAll(set(spec, "spec 2", dir.resolve("runs/timings.json"), "{}")));

    assertEquals("spec 1", Files.readString(spec));
    assertFalse(names().stream().anyMatch(name -> name.endsWith(".tmp") || name.endsWith(".previous")), names().toString());
  }

  @Test
  void aFolderWhereAFileGoesIsReportedBeforeAnythingMoves() throws Exception {
    Path spec = dir.resolve("pipeline.json");
    AtomicFiles.writeAll(set(spec, "spec 1", dir.resolve("plan.md"), "plan 1"));
    Files.createDirectories(dir.resolve("plan.md.d"));

    IOException e =
        assertThrows(
            IOException.class, () -> AtomicFiles.writeAll(set(spec, "spec 2", dir.resolve("plan.md.d"), "plan 2")));

    assertEquals(dir.resolve("plan.md.d") + " is a folder, where a file is to be written", e.getMessage());
    assertEquals("spec 1", Files.readString(spec));
  }

  private static Map<Path, String> set(Path first, String firstContent, Path second, String secondContent) {
    Map<Path, String> contents = new LinkedHashMap<>();
    contents.put(first, firstContent);
    contents.put(second, secondContent);
    return contents;
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }
}
