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
            new PipelineParameter("name", ParameterType.STRING, "default"),
            new PipelineParameter("quoted", ParameterType.STRING, null),
            new PipelineParameter("epochs", ParameterType.INT, 1L),
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

    Map<String, Object> values = RuntimeParameters.resolve(declared, given, SOURCE);

    assertEquals("default", values.get("name"));
    assertEquals("a,b\"c", values.get("quoted"));
    assertEquals(-12L, values.get("epochs"));
    assertEquals(0.001, values.get("rate"));
    assertEquals(Boolean.TRUE, values.get("verbose"));
    assertEquals(List.of(64L, "x", 1.5), values.get("layers"));
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("a", null);
    options.put("z", Map.of("k", List.of(1L)));
    assertEquals(options, values.get("options"));
    assertEquals(List.of("a", "z"), List.copyOf(((Map<?, ?>) values.get("options")).keySet()));
    assertEquals(Map.of("a", true, "b", 2L), values.get("flow"));
    assertEquals(List.copyOf(new java.util.TreeSet<>(declared.keySet())), List.copyOf(values.keySet()));
  }

  @Test
  void wrongTypesUndeclaredNamesAndMissingValuesAreReportedTogether() {
    Map<String, PipelineParameter> declared =
        declared(
            new PipelineParameter("epochs", ParameterType.INT, null),
            new PipelineParameter("rate", ParameterType.FLOAT, 0.1),
            new PipelineParameter("verbose", ParameterType.BOOL, false),
            new PipelineParameter("layers", ParameterType.LIST, null),
            new PipelineParameter("options", ParameterType.DICT, Map.of()));
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
        List.of("POM <params>: n: expected an int (declared type int), got '1.5'"),
        problems(() -> RuntimeParameters.resolve(declared, Map.of("n", "1.5"), "POM <params>")));
    assertEquals(
        List.of("POM <params>: n: expected an int (declared type int), got '99999999999999999999'"),
        problems(() -> RuntimeParameters.resolve(declared, Map.of("n", "99999999999999999999"), "POM <params>")));
  }

  @Test
  void nothingDeclaredSaysSo() {
    assertEquals(
        List.of("{param:params}: x: is not a declared parameter; run_config.parameters in vertexai.yml declares none"),
        problems(() -> RuntimeParameters.resolve(Map.of(), Map.of("x", "1"), SOURCE)));
  }
}
