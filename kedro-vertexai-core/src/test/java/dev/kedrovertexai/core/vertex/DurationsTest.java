package dev.kedrovertexai.core.vertex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.KedroVertexAiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesTheShortForms() throws Exception {
    assertEquals(Duration.ofMinutes(45), Durations.parse("45m", "vertexai.timeout"));
    assertEquals(Duration.ofHours(2), Durations.parse("2h", "vertexai.timeout"));
    assertEquals(Duration.ofSeconds(90), Durations.parse("90s", "vertexai.timeout"));
    assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m", "vertexai.timeout"));
    assertEquals(Duration.ofDays(1).plusSeconds(5), Durations.parse("1d5s", "vertexai.timeout"));
    assertEquals(Duration.ofMinutes(45), Durations.parse("PT45M", "vertexai.timeout"));
  }

  @Test
  void rejectsWhatIsNotADurationNamingTheParameter() {
    for (String bad : new String[] {"", "45", "m", "0s", "1x", "-5m", "PT0S"}) {
      KedroVertexAiException e =
          assertThrows(
              KedroVertexAiException.class, () -> Durations.parse(bad, "vertexai.timeout"), bad);
      assertTrue(e.getMessage().startsWith("vertexai.timeout: '" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void aNumberTooLargeForADurationIsAClearMistakeNotACrash() {
    for (String bad : new String[] {"99999999999999999999h", "9999999999999999d"}) {
      KedroVertexAiException e =
          assertThrows(
              KedroVertexAiException.class, () -> Durations.parse(bad, "vertexai.timeout"), bad);
      assertTrue(e.getMessage().startsWith("vertexai.timeout: '" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void formatsShortly() {
    assertEquals("7s", Durations.format(Duration.ofSeconds(7)));
    assertEquals("4m05s", Durations.format(Duration.ofSeconds(245)));
    assertEquals("1h02m03s", Durations.format(Duration.ofSeconds(3723)));
  }
}
