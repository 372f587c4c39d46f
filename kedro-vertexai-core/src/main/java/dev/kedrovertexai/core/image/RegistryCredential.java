package dev.kedrovertexai.core.image;

import java.util.Objects;

/**
 * A user name and password (or token) for a container registry, and where they were configured, which messages
 * name. {@link #toString()} never shows the password.
 *
 * @param source where the credential was configured, e.g. {@code settings.xml <server> 'europe-docker.pkg.dev'}
 */
public record RegistryCredential(String username, String password, String source) {
  public RegistryCredential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(source, "source");
  }

  @Override
  public String toString() {
    return "RegistryCredential[" + username + " from " + source + "]";
  }
}
