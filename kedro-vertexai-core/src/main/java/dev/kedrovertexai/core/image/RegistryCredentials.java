package dev.kedrovertexai.core.image;

import java.util.Optional;

/** The credentials a front end knows for registries, by registry host (Maven: the servers of settings.xml). */
public interface RegistryCredentials {
  /** None configured anywhere. */
  RegistryCredentials NONE = registry -> Optional.empty();

  /** The credential configured for {@code registry} ({@code host[:port]}), if any. */
  Optional<RegistryCredential> forRegistry(String registry);
}
