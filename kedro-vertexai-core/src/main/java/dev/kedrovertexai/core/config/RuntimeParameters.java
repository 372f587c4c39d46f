package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Values for declared pipeline parameters ({@code run_config.parameters}), as given on the command line or in
 * the POM, checked and converted to the declared types before anything is sent or run.
 */
public final class RuntimeParameters {
  public static final String HEADLINE = "Invalid runtime parameters";

  private RuntimeParameters() {}

  /**
   * Parses {@code key=value,key2=value2}. Commas inside brackets, braces or quotes do not split, so a value may
   * be a JSON or YAML-flow list or object ({@code b=[1,2]}, {@code c={"x":1}}) or a quoted string
   * ({@code s="a,b"}). Blank entries (a trailing comma) are skipped. The result is sorted by name; {@code source}
   * names where the text came from in problems (e.g. {@code -Dvertexai.params}).
   */
  public static Map<String, String> parseSpec(String spec, String source) throws KedroVertexAiException {
    Map<String, String> values = new TreeMap<>();
    if (spec == null || spec.isBlank()) {
      return values;
    }
    Origin origin = Origin.of(source);
    List<Problem> problems = new ArrayList<>();
    List<String> parts = splitTopLevel(spec, origin, problems);
    for (String part : parts) {
      if (part.isBlank()) {
        continue;
      }
      int equals = part.indexOf('=');
      String name = equals < 0 ? "" : part.substring(0, equals).trim();
      if (equals < 0 || name.isEmpty()) {
        problems.add(new Problem(origin, "", "'" + part.trim() + "' is not name=value"));
        continue;
      }
      if (values.containsKey(name)) {
        problems.add(new Problem(origin, name, "is given twice"));
        continue;
      }
      values.put(name, part.substring(equals + 1).trim());
    }
    if (!problems.isEmpty()) {
      throw new ProblemsException(HEADLINE, problems);
    }
    return values;
  }

  private static List<String> splitTopLevel(String spec, Origin origin, List<Problem> problems) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (quote != 0) {
        // An escape inside the quotes: \x in double quotes (JSON), '' in single quotes (YAML).
        boolean escape = quote == '"' ? c == '\\' : c == '\'' && spec.startsWith("''", i);
        if (escape && i + 1 < spec.length()) {
          current.append(c).append(spec.charAt(++i));
          continue;
        }
        if (c == quote) {
          quote = 0;
        }
      } else if ((c == '"' || c == '\'') && startsValue(current)) {
        quote = c;
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        depth--;
        if (depth < 0) {
          // Quote only the entry at fault: the other values may be secrets.
          problems.add(
              new Problem(
                  origin, "", "unbalanced '" + c + "' at character " + (i + 1) + ", in '" + current + c + "'"));
          return parts;
        }
      } else if (c == ',' && depth == 0) {
        parts.add(current.toString());
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    if (quote != 0) {
      problems.add(new Problem(origin, "", "unclosed " + quote + " in '" + current + "'"));
    } else if (depth != 0) {
      problems.add(new Problem(origin, "", "unclosed '[' or '{' in '" + current + "'"));
    }
    parts.add(current.toString());
    return parts;
  }

  /**
   * Whether a quote here opens a quoted value: only where a value or item starts, as in YAML flow, so that the
   * apostrophe of {@code it's} is text and cannot swallow the commas after it.
   */
  private static boolean startsValue(StringBuilder current) {
    for (int i = current.length() - 1; i >= 0; i--) {
      char c = current.charAt(i);
      if (!Character.isWhitespace(c)) {
        return "=,[{:".indexOf(c) >= 0;
      }
    }
    return true;
  }

  /**
   * The final value of every declared parameter: the given value converted to the declared type, else the
   * default. An undeclared name, a wrong type or a missing required value is an error naming the parameter.
   * The map is sorted by name.
   */
  public static Map<String, ParameterValue> resolve(
      Map<String, PipelineParameter> declared, Map<String, String> given, String source)
      throws KedroVertexAiException {
    Origin origin = Origin.of(source);
    List<Problem> problems = new ArrayList<>();
    for (String name : new TreeMap<>(given).keySet()) {
      if (!declared.containsKey(name)) {
        String known = declared.isEmpty()
            ? "; run_config.parameters in vertexai.yml declares none"
            : Suggestions.closest(name, declared.keySet())
                .map(match -> "; did you mean '" + match + "'?")
                .orElse("; declared: " + String.join(", ", new TreeMap<>(declared).keySet()));
        problems.add(new Problem(origin, name, "is not a declared parameter" + known));
      }
    }
    Map<String, ParameterValue> values = new TreeMap<>();
    for (PipelineParameter parameter : new TreeMap<>(declared).values()) {
      String name = parameter.name();
      String text = given.get(name);
      if (text == null) {
        if (parameter.defaultValue() == null) {
          problems.add(
              new Problem(
                  origin, name,
                  "is required (" + parameter.type().configName() + ", no default): give it as " + name
                      + "=<value> or set run_config.parameters." + name + ".default"));
        } else {
          values.put(name, parameter.defaultValue());
        }
        continue;
      }
      Optional<ParameterValue> value = ParameterValue.parse(parameter.type(), text);
      if (value.isEmpty()) {
        problems.add(
            new Problem(
                origin, name,
                "expected " + ParameterValue.expected(parameter.type(), text) + " (declared type "
                    + parameter.type().configName() + "), got '" + text + "'"));
      } else {
        values.put(name, value.get());
      }
    }
    if (!problems.isEmpty()) {
      throw new ProblemsException(HEADLINE, problems);
    }
    return Collections.unmodifiableMap(values);
  }
}
