package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Problem;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@code run_config.parameters}: the pipeline's runtime parameters, their types and defaults. */
final class ParameterSection {
  private ParameterSection() {}

  static Map<String, PipelineParameter> read(ConfigReader in, ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".parameters";
    Map<String, PipelineParameter> parameters = new TreeMap<>();
    ConfigNode.Mapping map = in.map(runConfig, parent, "parameters");
    if (map == null) {
      return parameters;
    }
    Map<String, ParameterType> types = new TreeMap<>();
    for (ParameterType type : ParameterType.values()) {
      types.put(type.configName(), type);
    }
    map.entries().forEach((name, entry) -> {
      String entryPath = path + "." + name;
      Optional<String> badName = Formats.parameterName(name);
      if (badName.isPresent() || ConfigSchema.RESERVED_PARAMETERS.contains(name)) {
        in.problems.add(new Problem(entry.keyOrigin(), entryPath, badName.orElse("'" + name + "' is reserved for the plugin's own task inputs")));
        return;
      }
      ConfigNode.Mapping declaration = in.expectMap(entry, entryPath, "a map with type and an optional default");
      if (declaration == null) {
        return;
      }
      in.checkKeys(declaration, entryPath, ConfigSchema.PARAMETER_KEYS);
      String typeName = in.string(declaration, entryPath, "type", value -> types.containsKey(value)
          ? Optional.empty()
          : Optional.of("'" + value + "' is not a parameter type" + Suggestions.didYouMean(value, types.keySet())
              + "; expected one of " + String.join(", ", types.keySet())));
      if (typeName == null) {
        if (!in.present(declaration, "type")) {
          in.problems.add(new Problem(entry.keyOrigin(), entryPath + ".type",
              "required key is missing: one of " + String.join(", ", types.keySet())));
        }
        return;
      }
      ParameterType type = types.get(typeName);
      ParameterValue defaultValue = null;
      if (in.present(declaration, "default")) {
        ConfigNode.Entry defaultEntry = declaration.entries().get("default");
        Optional<ParameterValue> converted = ParameterValue.read(type, defaultEntry.value());
        if (converted.isEmpty()) {
          in.problems.add(new Problem(defaultEntry.keyOrigin(), entryPath + ".default",
              "expected " + ParameterValue.expected(type, defaultEntry.value()) + ", got "
                  + ParameterValue.shown(defaultEntry.value())));
          return;
        }
        defaultValue = converted.get();
      }
      parameters.put(name, new PipelineParameter(name, type, defaultValue));
    });
    return parameters;
  }
}
