package dev.kedrovertexai.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> KEYS = List.of("image", "root", "resources", "region", "experiment_name", "gpu", "cpu");

  @Test
  void suggestsTyposWithinTwoEdits() {
    assertEquals(Optional.of("image"), Suggestions.closest("imgae", KEYS));
    assertEquals(Optional.of("resources"), Suggestions.closest("resource", KEYS));
    assertEquals(Optional.of("root"), Suggestions.closest("Root", KEYS));
  }

  @Test
  void suggestsByPrefix() {
    assertEquals(Optional.of("experiment_name"), Suggestions.closest("experiment", KEYS));
    assertEquals(Optional.of("int"), Suggestions.closest("integer", List.of("string", "int", "float")));
  }

  @Test
  void staysQuietForUnrelatedNames() {
    assertEquals(Optional.empty(), Suggestions.closest("whatever", KEYS));
    assertEquals(Optional.empty(), Suggestions.closest("ram", KEYS));
    assertEquals(Optional.empty(), Suggestions.closest("ab", KEYS));
  }

  @Test
  void tiesGoToTheAlphabeticallyFirstCandidate() {
    assertEquals(Optional.of("cpu"), Suggestions.closest("xpu", KEYS));
    assertEquals(Optional.of("cpu"), Suggestions.closest("xpu", List.of("gpu", "cpu")));
  }

  @Test
  void formatsTheHint() {
    assertEquals("; did you mean 'image'?", Suggestions.didYouMean("imag", KEYS));
    assertEquals("", Suggestions.didYouMean("zzzzzz", KEYS));
  }

  @Test
  void levenshteinDistance() {
    assertEquals(0, Suggestions.distance("abc", "abc"));
    assertEquals(3, Suggestions.distance("kitten", "sitting"));
    assertEquals(4, Suggestions.distance("", "abcd"));
  }
}
