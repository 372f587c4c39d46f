package dev.kedrovertexai.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core must stay usable from Gradle or a CLI: no Maven type may leak into it, and its messages and files name
 * goals and parameters only through {@link Spelling}'s placeholders, never in Maven's syntax.
 */
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

  @Test
  void mainSourcesSpellNoMavenCommandOrProperty() throws IOException {
    Path sources = Path.of("src/main");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(sources)) {
      offenders =
          files
              .filter(file -> file.toString().endsWith(".java") || file.toString().endsWith(".py"))
              .flatMap(NoBuildToolTypesTest::mavenSyntax)
              .map(line -> sources.relativize(Path.of(line.split(":", 2)[0])) + ":" + line.split(":", 2)[1])
              .sorted()
              .toList();
    }
    assertEquals(List.of(), offenders);
  }

  /** Lines that spell a Maven command or property outside comments, as {@code file:line text}. */
  private static Stream<String> mavenSyntax(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return java.util.stream.IntStream.range(0, lines.size())
          .filter(i -> !isComment(lines.get(i)) && MAVEN_SYNTAX.matcher(lines.get(i)).find())
          .mapToObj(i -> file + ":" + (i + 1) + " " + lines.get(i).strip());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final java.util.regex.Pattern MAVEN_SYNTAX =
      java.util.regex.Pattern.compile("\\bmvn\\b|-Dvertexai\\.|(?<![{\\w])vertexai:[a-z]|\\bPOM\\b");

  private static boolean isComment(String line) {
    String text = line.strip();
    return text.startsWith("*") || text.startsWith("//") || text.startsWith("/*");
  }

  private static boolean mentionsMaven(Path file) {
    try {
      return Files.readString(file).contains("org.apache.maven");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
