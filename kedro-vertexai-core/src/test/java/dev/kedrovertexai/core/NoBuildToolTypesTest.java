package dev.kedrovertexai.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core must stay usable from Gradle or a CLI: no Maven type may leak into it. */
class NoBuildToolTypesTest {
  @Test
  void mainSourcesImportNothingFromMaven() throws IOException {
    Path sources = Path.of("src/main/java");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(sources)) {
      offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(NoBuildToolTypesTest::mentionsMaven)
              .map(file -> sources.relativize(file).toString())
              .sorted()
              .toList();
    }
    assertEquals(List.of(), offenders);
  }

  private static boolean mentionsMaven(Path file) {
    try {
      return Files.readString(file).contains("org.apache.maven");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
