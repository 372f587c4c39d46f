package dev.kedrovertexai.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kedrovertexai.core.ProblemsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeParametersTest {
  private static final String SOURCE = "{param:params}";

  private static Map<String, PipelineParameter> declared(PipelineParameter... parameters) {
    Map<String, PipelineParameter> map = new LinkedHashMap<>();
    for (PipelineParameter parameter : parameters) {
      map.put(parameter.name(), parameter);
    }
    return map;
  }

  private static List<String> problems(ThrowingCall call) {
    ProblemsException e = assertThrows(ProblemsException.class, call::run);
    return e.problems().stream().map(Object::toString).toList();
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void splitsOnCommasOutsideBracketsBracesAndQuotes() throws Exception {
    Map<String, String> values =
        RuntimeParameters.parseSpec("a=1,b=[1,2],c={\"x\":1, \"y\": [3,4]},d=\"p,q\",e='r,s', f = text ,", SOURCE);
    assertEquals(
        Map.of("a", "1", "b", "[1,2]", "c", "{\"x\":1, \"y\": [3,4]}", "d", "\"p,q\"", "e", "'r,s'", "f", "text"),
        values);
    assertEquals(List.of("a", "b", "c", "d", "e", "f"), List.copyOf(values.keySet()));
  }

  @Test
  void anApostropheInsideAWordIsTextNotAQuote() throws Exception {
    assertEquals(
        Map.of("a", "it's", "b", "x's", "c", "O'Brien"),
        RuntimeParameters.parseSpec("a=it's,b=x's,c=O'Brien", SOURCE));
    assertEquals(
        Map.of("l", "['a,b', \"c\"]", "d", "{k: 'v,w'}", "s", "'don''t, stop'"),
        RuntimeParameters.parseSpec("l=['a,b', \"c\"],d={k: 'v,w'},s='don''t, stop'", SOURCE));
  }

  @Test
  void valueMayContainEqualsSigns() throws Exception {
    assertEquals(Map.of("query", "a=b"), RuntimeParameters.parseSpec("query=a=b", SOURCE));
  }

  @Test
  void emptySpecGivesNoValues() throws Exception {
    assertEquals(Map.of(), RuntimeParameters.parseSpec("", SOURCE));
    assertEquals(Map.of(), RuntimeParameters.parseSpec(null, SOURCE));
  }

  @Test
  void malformedSpecsAreProblemsNamingTheSource() {
    assertEquals(
        List.of("{param:params}: 'justaname' is not name=value", "{param:params}: a: is given twice"),
        problems(() -> RuntimeParameters.parseSpec("a=1,justaname,a=2", SOURCE)));
    assertEquals(
        List.of("{param:params}: unclosed '[' or '{' in 'a=[1,2'"),
        problems(() -> RuntimeParameters.parseSpec("a=[1,2", SOURCE)));
    assertEquals(
        List.of("{param:params}: unclosed \" in 'a=\"x'"),
        problems(() -> RuntimeParameters.parseSpec("a=\"x", SOURCE)));
    assertEquals(
        List.of("{param:params}: unbalanced ']' at character 4, in 'a=1]'"),
        problems(() -> RuntimeParameters.parseSpec("a=1],b=2", SOURCE)));
  }

  @Test
  void aMalformedEntryIsQuotedWithoutTheOtherValues() {
    assertEquals(
        List.of("{param:params}: unbalanced '}' at character 23, in 'b=x}'"),
        problems(() -> RuntimeParameters.parseSpec("token=s3cr3t-value,b=x},c=1", SOURCE)));
    assertEquals(
        List.of("{param:params}: unclosed \" in 'b=\"x,c=1'"),
        problems(() -> RuntimeParameters.parseSpec("token=s3cr3t-value,b=\"x,c=1", SOURCE)));
  }

  @Test
  void convertsEveryTypeAndFillsDefaults() throws Exception {
    Map<String, PipelineParameter> declared =
        declared(
            new PipelineParameter("name", ParameterType.STRING, ParameterValue.ofString("default")),
            new PipelineParameter("quoted", ParameterType.STRING, null),
            new PipelineParameter("epochs", ParameterType.INT, ParameterValue.ofInt(1)),
            new PipelineParameter("rate", ParameterType.FLOAT, null),
            new PipelineParameter("verbose", ParameterType.BOOL, null),
            new PipelineParameter("layers", ParameterType.LIST, null),
            new PipelineParameter("options", ParameterType.DICT, null),
            new PipelineParameter("flow", ParameterType.DICT, null));
    Map<String, String> given =
        RuntimeParameters.parseSpec(
            "quoted=\"a,b\\\"c\",epochs=-12,rate=1e-3,verbose=True,layers=[64, \"x\", 1.5],"
                + "options={\"z\": {\"k\": [1]}, \"a\": null},flow={b: 2, a: yes}",
            SOURCE);

    Map<String, ParameterValue> values = RuntimeParameters.resolve(declared, given, SOURCE);

    assertEquals(ParameterValue.ofString("default"), values.get("name"));
    assertEquals(ParameterValue.ofString("a,b\"c"), values.get("quoted"));
    assertEquals(ParameterValue.ofInt(-12), values.get("epochs"));
    assertEquals(ParameterValue.ofFloat(0.001), values.get("rate"));
    assertEquals(ParameterValue.ofBool(true), values.get("verbose"));
    assertEquals(ParameterType.LIST, values.get("layers").type());
    assertEquals("[64,\"x\",1.5]", values.get("layers").json().toString());
    // Keys sorted; null kept.
    assertEquals(ParameterType.DICT, values.get("options").type());
    assertEquals("{\"a\":null,\"z\":{\"k\":[1]}}", values.get("options").json().toString());
    assertEquals("{\"a\":true,\"b\":2}", values.get("flow").json().toString());
    assertEquals(List.copyOf(new java.util.TreeSet<>(declared.keySet())), List.copyOf(values.keySet()));
  }

  @Test
  void wrongTypesUndeclaredNamesAndMissingValuesAreReportedTogether() {
    Map<String, PipelineParameter> declared =
        declared(
            new PipelineParameter("epochs", ParameterType.INT, null),
            new PipelineParameter("rate", ParameterType.FLOAT, ParameterValue.ofFloat(0.1)),
            new PipelineParameter("verbose", ParameterType.BOOL, ParameterValue.ofBool(false)),
            new PipelineParameter("layers", ParameterType.LIST, null),
            new PipelineParameter(
                "options", ParameterType.DICT, ParameterValue.parse(ParameterType.DICT, "{}").orElseThrow()));
    Map<String, String> given = new LinkedHashMap<>();
    given.put("rate", "fast");
    given.put("verbose", "yes");
    given.put("layers", "{\"a\": 1}");
    given.put("option", "{}");
    given.put("zzz", "1");

    assertEquals(
        List.of(
            "{param:params}: option: is not a declared parameter; did you mean 'options'?",
            "{param:params}: zzz: is not a declared parameter; declared: epochs, layers, options, rate, verbose",
            "{param:params}: epochs: is required (int, no default): give it as epochs=<value> or set"
                + " run_config.parameters.epochs.default",
            "{param:params}: layers: expected a list such as [1, 2] (declared type list), got '{\"a\": 1}'",
            "{param:params}: rate: expected a float (declared type float), got 'fast'",
            "{param:params}: verbose: expected a bool (true or false) (declared type bool), got 'yes'"),
        problems(() -> RuntimeParameters.resolve(declared, given, "{param:params}")));
  }

  @Test
  void intRejectsDecimalsAndOverflow() {
    Map<String, PipelineParameter> declared = declared(new PipelineParameter("n", ParameterType.INT, null));
    assertEquals(
        List.of(
            "POM <params>: n: expected a whole number from -(2^53 - 1) to 2^53 - 1 (declared type int), got '1.5'"),
        problems(() -> RuntimeParameters.resolve(declared, Map.of("n", "1.5"), "POM <params>")));
    assertEquals(
        List.of(
            "POM <params>: n: expected a whole number from -(2^53 - 1) to 2^53 - 1 (declared type int), got"
                + " '99999999999999999999'"),
        problems(() -> RuntimeParameters.resolve(declared, Map.of("n", "99999999999999999999"), "POM <params>")));
  }

  /** Vertex AI carries numbers as doubles: a whole number it would round is refused, not sent changed. */
  @Test
  void wholeNumbersBeyondADoublesPrecisionAreRefused() throws Exception {
    Map<String, PipelineParameter> declared =
        declared(
            new PipelineParameter("n", ParameterType.INT, null),
            new PipelineParameter("ids", ParameterType.LIST, null));
    assertEquals(
        Map.of(
            "n", ParameterValue.ofInt(-9007199254740991L),
            "ids", ParameterValue.parse(ParameterType.LIST, "[9007199254740991]").orElseThrow()),
        RuntimeParameters.resolve(declared, Map.of("n", "-9007199254740991", "ids", "[9007199254740991]"), SOURCE));
    assertEquals(
        List.of(
            "{param:params}: ids: expected a list such as [1, 2], with every number in it finite and every whole"
                + " one within ±(2^53 - 1), as Vertex AI carries them (declared type list), got '[9007199254740992]'",
            "{param:params}: n: expected a whole number from -(2^53 - 1) to 2^53 - 1 (declared type int), got"
                + " '9007199254740992'"),
        problems(
            () -> RuntimeParameters.resolve(
                declared, Map.of("n", "9007199254740992", "ids", "[9007199254740992]"), SOURCE)));
    assertEquals(
        List.of(
            "{param:params}: ids: expected a list such as [1, 2], with every number in it finite and every whole"
                + " one within ±(2^53 - 1), as Vertex AI carries them (declared type list), got"
                + " '[-9223372036854775808]'",
            "{param:params}: n: expected a whole number from -(2^53 - 1) to 2^53 - 1 (declared type int), got"
                + " '-9223372036854775808'"),
        problems(
            () -> RuntimeParameters.resolve(
                declared, Map.of("n", "-9223372036854775808", "ids", "[-9223372036854775808]"), SOURCE)));
    // Beyond a long, YAML still reads a number, not text.
    assertEquals(
        List.of(
            "{param:params}: ids: expected a list such as [1, 2], with every number in it finite and every whole"
                + " one within ±(2^53 - 1), as Vertex AI carries them (declared type list), got"
                + " '[99999999999999999999]'"),
        problems(() -> RuntimeParameters.resolve(declared, Map.of("n", "1", "ids", "[99999999999999999999]"), SOURCE)));
  }

  @Test
  void nothingDeclaredSaysSo() {
    assertEquals(
        List.of("{param:params}: x: is not a declared parameter; run_config.parameters in vertexai.yml declares none"),
        problems(() -> RuntimeParameters.resolve(Map.of(), Map.of("x", "1"), SOURCE)));
  }
}
