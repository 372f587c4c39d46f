package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Problem;
import java.util.ArrayList;
import java.util.List;

/** {@code run_config.network}: the VPC and the host aliases of every task. */
final class NetworkSection {
  private NetworkSection() {}

  static NetworkConfig read(ConfigReader in, ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".network";
    ConfigNode.Mapping map = in.map(runConfig, parent, "network");
    if (map == null) {
      return NetworkConfig.NONE;
    }
    in.checkKeys(map, path, ConfigSchema.NETWORK_KEYS);
    String vpc = in.string(map, path, "vpc", Formats::vpc);
    List<HostAlias> aliases = new ArrayList<>();
    ConfigNode.Sequence list = in.sequence(map, path, "host_aliases");
    if (list != null) {
      for (int i = 0; i < list.items().size(); i++) {
        ConfigNode item = list.items().get(i);
        String itemPath = path + ".host_aliases[" + i + "]";
        if (!(item instanceof ConfigNode.Mapping alias)) {
          in.problems.add(new Problem(item.origin(), itemPath, "expected a map with ip and hostnames, got " + item.kindName()));
          continue;
        }
        in.checkKeys(alias, itemPath, ConfigSchema.HOST_ALIAS_KEYS);
        String ip = in.requiredString(alias, itemPath, "ip", alias.origin(), Formats::ipAddress);
        List<String> hostnames = in.stringList(alias, itemPath, "hostnames", Formats::hostname);
        if (hostnames != null && hostnames.isEmpty()) {
          in.problems.add(new Problem(in.originOf(alias, "hostnames", alias.origin()), itemPath + ".hostnames", "needs at least one host name"));
        } else if (hostnames == null && !in.present(alias, "hostnames")) {
          in.missing(alias.origin(), itemPath + ".hostnames");
        }
        if (ip != null && hostnames != null && !hostnames.isEmpty()) {
          aliases.add(new HostAlias(ip, hostnames));
        }
      }
    }
    return new NetworkConfig(vpc, aliases);
  }
}
