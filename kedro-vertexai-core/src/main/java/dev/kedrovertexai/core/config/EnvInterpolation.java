package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import java.util.List;
import java.util.Map;

/**
 * OmegaConf's {@code ${oc.env:VAR}} and {@code ${oc.env:VAR,default}} in string values, as kedro-vertexai
 * configs use them. The default is trimmed and may be quoted ({@code 'a,b'}), be {@code null}, or hold another
 * {@code ${oc.env:...}}; {@code \${} writes a literal {@code ${}. Any other interpolation is a problem, never
 * silently left in place.
 */
final class EnvInterpolation {
  private static final String RESOLVER = "oc.env:";

  private final Map<String, String> environment;
  private final List<Problem> problems;

  EnvInterpolation(Map<String, String> environment, List<Problem> problems) {
    this.environment = environment;
    this.problems = problems;
  }

  /** The tree with every string interpolated; {@code keyOrigin} locates problems at the key that holds a value. */
  ConfigNode apply(ConfigNode node, String path, Origin keyOrigin) {
    if (node instanceof ConfigNode.Mapping mapping) {
      Map<String, ConfigNode.Entry> entries = new java.util.LinkedHashMap<>();
      mapping.entries().forEach((key, entry) -> {
        String childPath = path.isEmpty() ? key : path + "." + key;
        entries.put(key, new ConfigNode.Entry(entry.keyOrigin(), apply(entry.value(), childPath, entry.keyOrigin())));
      });
      return new ConfigNode.Mapping(entries, mapping.origin());
    }
    if (node instanceof ConfigNode.Sequence sequence) {
      List<ConfigNode> items = new java.util.ArrayList<>();
      for (ConfigNode item : sequence.items()) {
        items.add(apply(item, path + "[" + items.size() + "]", item.origin()));
      }
      return new ConfigNode.Sequence(items, sequence.origin());
    }
    ConfigNode.Scalar scalar = (ConfigNode.Scalar) node;
    if (!(scalar.value() instanceof String text) || !text.contains("${")) {
      return scalar;
    }
    Resolved resolved = resolve(text, path, keyOrigin);
    return resolved.isNull() ? ConfigNode.Scalar.nullValue(scalar.origin()) : ConfigNode.Scalar.string(resolved.text(), scalar.origin());
  }

  /** A resolved text; null text when the whole value was an interpolation whose default is {@code null}. */
  private record Resolved(String text) {
    boolean isNull() {
      return text == null;
    }
  }

  private Resolved resolve(String text, String path, Origin origin) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("\\${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = closingBrace(text, i + 2);
        if (end < 0) {
          problems.add(new Problem(origin, path, "unterminated interpolation in '" + text + "': a '}' is missing"));
          return new Resolved(text);
        }
        String value = evaluate(text.substring(i + 2, end), text, path, origin);
        if (value == null && i == 0 && end == text.length() - 1) {
          return new Resolved(null);
        }
        out.append(value == null ? "null" : value);
        i = end + 1;
      } else {
        out.append(text.charAt(i));
        i++;
      }
    }
    return new Resolved(out.toString());
  }

  /** The value of one {@code oc.env} expression (without {@code ${ }}); "" after a recorded problem. */
  private String evaluate(String expression, String whole, String path, Origin origin) {
    String trimmed = expression.trim();
    if (!trimmed.startsWith(RESOLVER)) {
      problems.add(
          new Problem(
              origin, path,
              "unsupported interpolation '${" + expression + "}' in '" + whole
                  + "': vertexai.yml supports only ${oc.env:VAR} and ${oc.env:VAR,default}"));
      return "";
    }
    String arguments = trimmed.substring(RESOLVER.length());
    int comma = topLevelComma(arguments);
    String name = (comma < 0 ? arguments : arguments.substring(0, comma)).trim();
    if (name.isEmpty()) {
      problems.add(new Problem(origin, path, "'${" + expression + "}' names no environment variable"));
      return "";
    }
    String value = environment.get(name);
    if (value != null) {
      return value;
    }
    if (comma < 0) {
      problems.add(
          new Problem(
              origin, path,
              "environment variable '" + name + "' is not set and ${oc.env:" + name + "} has no default;"
                  + " set it or write ${oc.env:" + name + ",<default>}"));
      return "";
    }
    String fallback = arguments.substring(comma + 1).trim();
    if (fallback.equals("null")) {
      return null;
    }
    if (fallback.length() >= 2
        && (fallback.charAt(0) == '\'' || fallback.charAt(0) == '"')
        && fallback.charAt(fallback.length() - 1) == fallback.charAt(0)) {
      return fallback.substring(1, fallback.length() - 1);
    }
    return fallback.contains("${") ? String.valueOf(resolve(fallback, path, origin).text()) : fallback;
  }

  private static int closingBrace(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      if (text.startsWith("${", i)) {
        depth++;
        i++;
      } else if (text.charAt(i) == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static int topLevelComma(String text) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.startsWith("${", i)) {
        depth++;
        i++;
      } else if (text.charAt(i) == '}') {
        depth--;
      } else if (text.charAt(i) == ',' && depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
