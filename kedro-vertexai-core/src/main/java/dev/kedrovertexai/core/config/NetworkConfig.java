package dev.kedrovertexai.core.config;

import java.util.List;

/** {@code run_config.network}: the VPC to peer with (may be null) and {@code /etc/hosts} entries. */
public record NetworkConfig(String vpc, List<HostAlias> hostAliases) {
  public static final NetworkConfig NONE = new NetworkConfig(null, List.of());

  public NetworkConfig {
    hostAliases = List.copyOf(hostAliases);
  }
}
