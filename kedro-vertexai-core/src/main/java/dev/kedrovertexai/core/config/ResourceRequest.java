package dev.kedrovertexai.core.config;

/**
 * One entry of {@code run_config.resources}: cpu ({@code 500m}, {@code 2}), memory ({@code 1Gi}) and gpu count,
 * each null when the entry does not set it. Values are validated when the config is loaded.
 */
public record ResourceRequest(String cpu, String memory, Integer gpu) {
  public static final ResourceRequest EMPTY = new ResourceRequest(null, null, null);
}
