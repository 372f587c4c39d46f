package dev.kedrovertexai.core.config;

import java.util.List;

/** One {@code run_config.network.host_aliases} entry: an IP address and the host names that resolve to it. */
public record HostAlias(String ip, List<String> hostnames) {
  public HostAlias {
    hostnames = List.copyOf(hostnames);
  }
}
