package dev.kedrovertexai.core.config;

/** Types of pipeline runtime parameters, with the KFP IR {@code parameterType} each compiles to. */
public enum ParameterType {
  STRING("string", "STRING"),
  INT("int", "NUMBER_INTEGER"),
  FLOAT("float", "NUMBER_DOUBLE"),
  BOOL("bool", "BOOLEAN"),
  LIST("list", "LIST"),
  DICT("dict", "STRUCT");

  private final String configName;
  private final String irName;

  ParameterType(String configName, String irName) {
    this.configName = configName;
    this.irName = irName;
  }

  /** The name users write in {@code vertexai.yml}. */
  public String configName() {
    return configName;
  }

  /** The KFP IR {@code parameterType}. */
  public String irName() {
    return irName;
  }
}
