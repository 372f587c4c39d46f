package dev.kedrovertexai.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Input parameter values as the KFP launcher writes them into a command line. */
class ParameterTextTest {
  private static String text(Object value) {
    return ParameterText.of(ParameterText.MAPPER.valueToTree(value));
  }

  @Test
  void stringsStayRaw() {
    assertEquals("a b \"c\"", text("a b \"c\""));
    assertEquals("", text(""));
    assertEquals("[\"kept\", \"as written\"]", text("[\"kept\", \"as written\"]"));
  }

  @Test
  void numbersArePlainDecimalsWithoutATrailingZero() {
    assertEquals("3", text(3L));
    assertEquals("-7", text(-7));
    assertEquals("1", text(1.0));
    assertEquals("0.1", text(0.1));
    assertEquals("0", text(0.0));
    assertEquals("2.5", text(2.5));
    assertEquals("1000000000000000000000", text(1e21));
    assertEquals("0.00001", text(1e-5));
  }

  @Test
  void booleansListsAndStructsAreJson() {
    assertEquals("true", text(true));
    assertEquals("false", text(false));
    assertEquals("[1,\"a\",[false]]", text(List.of(1L, "a", List.of(false))));
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("z", Map.of("y", 1L, "b", 2.5));
    struct.put("a", "text");
    assertEquals("{\"a\":\"text\",\"z\":{\"b\":2.5,\"y\":1}}", text(struct));
  }

  @Test
  void wholeNumbersInsideListsAndStructsLoseTheirFractionAsOnVertexAi() {
    assertEquals("[1,2.5,-3,100000000000000000000,1.0E21]", text(List.of(1.0, 2.5, -3.0, 1e20, 1e21)));
    assertEquals("{\"n\":[0]}", text(Map.of("n", List.of(0.0))));
  }

  @Test
  void nullHasNoText() {
    assertNull(ParameterText.of(ParameterText.MAPPER.valueToTree(null)));
  }
}
