package dev.kedrovertexai.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
  private final List<Problem> problems = new ArrayList<>();

  private ConfigNode.Mapping read(String text) {
    return (ConfigNode.Mapping) YamlReader.readDocument(text, "f.yml", problems);
  }

  @Test
  void scalarsAreTypedAsYamlTypesThemAndKeepTheirText() {
    ConfigNode.Mapping map = read("a: 2024\nb: yes\nc: 1.50\nd: '7'\ne:\nf: 0x1F\ng: 2030-01-01T00:00:00Z\n");
    assertEquals(new ConfigNode.Scalar(2024L, "2024", new Origin("f.yml", 1, 4)), map.entries().get("a").value());
    assertEquals(Boolean.TRUE, ((ConfigNode.Scalar) map.entries().get("b").value()).value());
    assertEquals("yes", ((ConfigNode.Scalar) map.entries().get("b").value()).text());
    assertEquals(1.5, ((ConfigNode.Scalar) map.entries().get("c").value()).value());
    assertEquals("1.50", ((ConfigNode.Scalar) map.entries().get("c").value()).text());
    assertEquals("7", ((ConfigNode.Scalar) map.entries().get("d").value()).value());
    assertNull(((ConfigNode.Scalar) map.entries().get("e").value()).value());
    assertEquals(31L, ((ConfigNode.Scalar) map.entries().get("f").value()).value());
    assertEquals("2030-01-01T00:00:00Z", ((ConfigNode.Scalar) map.entries().get("g").value()).value());
    assertEquals(List.of(), problems);
  }

  @Test
  void keyOriginsAreThoseOfTheKeyTokens() {
    ConfigNode.Mapping map = read("top:\n  inner: {x: 1}\n");
    ConfigNode.Entry top = map.entries().get("top");
    assertEquals(new Origin("f.yml", 1, 1), top.keyOrigin());
    ConfigNode.Entry inner = ((ConfigNode.Mapping) top.value()).entries().get("inner");
    assertEquals(new Origin("f.yml", 2, 3), inner.keyOrigin());
    assertEquals(
        new Origin("f.yml", 2, 11), ((ConfigNode.Mapping) inner.value()).entries().get("x").keyOrigin());
  }

  @Test
  void explicitKeysBeatMergedOnesWhateverTheOrder() {
    ConfigNode.Mapping map = read("base: &b {x: 1, y: 2}\nm:\n  y: 3\n  <<: *b\n");
    assertEquals(Map.of("x", 1L, "y", 3L), ConfigNode.toPlain(map.entries().get("m").value()));
  }

  @Test
  void mergingAScalarIsAProblem() {
    read("s: &s 5\nm:\n  <<: *s\n");
    assertEquals(List.of("f.yml:3:3: m: '<<' must merge a map or a list of maps"), problems.stream().map(Object::toString).toList());
  }

  @Test
  void nonScalarKeysAreProblems() {
    read("? [a, b]\n: 1\n");
    assertEquals(List.of("f.yml:1:3: a key must be a plain string, not a list or map"), problems.stream().map(Object::toString).toList());
  }

  @Test
  void recursiveAliasesAreProblemsNotStackOverflows() {
    read("a: &x\n  - *x\n");
    assertEquals(List.of("f.yml:1:4: a[0]: an alias refers to the value that contains it"), problems.stream().map(Object::toString).toList());
  }

  @Test
  void valuesTypedOutsideFilesTakeTheGivenOrigin() {
    Origin origin = Origin.of("{param:yml.x}");
    ConfigNode node = YamlReader.readValue("{a: [1, 2]}", origin, "x", problems);
    ConfigNode.Mapping map = assertInstanceOf(ConfigNode.Mapping.class, node);
    assertEquals(origin, map.entries().get("a").keyOrigin());
    assertEquals(origin, ((ConfigNode.Sequence) map.entries().get("a").value()).items().get(1).origin());
    assertEquals(ConfigNode.Scalar.nullValue(origin), YamlReader.readValue("", origin, "x", problems));
  }
}
