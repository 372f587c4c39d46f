package dev.kedrovertexai.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.global.JibSystemProperties;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.image.json.BuildableManifestTemplate;
import com.google.cloud.tools.jib.image.json.ManifestListTemplate;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import com.google.cloud.tools.jib.registry.RegistryClient;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads images from their registry with Jib's registry client, authenticating as Jib does: anonymously first, then
 * as the registry's challenge asks. An image for several platforms resolves to its linux/amd64 image, the one
 * Vertex AI runs and Jib builds on.
 */
final class RegistryReader implements AutoCloseable {
  static final String ARCHITECTURE = "amd64";
  static final String OS = "linux";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the build needs to know of the base image.
   *
   * @param digest the digest of the platform image the reference resolved to
   * @param environment its {@code Env}, in order
   */
  record ImageFacts(String digest, String architecture, String os, Map<String, String> environment) {}

  /** A layer of a manifest. */
  record Layer(String digest, long size) {}

  private final RegistryAuth auth;
  private final FailoverHttpClient http;

  RegistryReader(RegistryAuth auth, boolean allowInsecureRegistries, EventLog log) {
    this.auth = auth;
    this.http =
        new FailoverHttpClient(
            allowInsecureRegistries,
            JibSystemProperties.sendCredentialsOverHttp(),
            event -> log.debug("[jib] " + event.getMessage()));
  }

  /** The platform and environment of the image {@code image} names. */
  ImageFacts inspect(ImageReference image) throws IOException, RegistryException, KedroVertexAiException {
    Session session = new Session(image);
    Resolved resolved = session.resolve();
    ByteArrayOutputStream config = new ByteArrayOutputStream();
    session.client
        .pullBlob(resolved.manifest().getContainerConfiguration().getDigest(), size -> {}, written -> {})
        .writeTo(config);
    JsonNode json = JSON.readTree(config.toByteArray());
    Map<String, String> environment = new LinkedHashMap<>();
    for (JsonNode variable : json.path("config").path("Env")) {
      String text = variable.asText();
      int equals = text.indexOf('=');
      if (equals > 0) {
        environment.put(text.substring(0, equals), text.substring(equals + 1));
      }
    }
    return new ImageFacts(
        resolved.digest().toString(), json.path("architecture").asText(""), json.path("os").asText(""), environment);
  }

  /** The layers of the image {@code image} names, base first. */
  List<Layer> layers(ImageReference image) throws IOException, RegistryException, KedroVertexAiException {
    List<Layer> layers = new ArrayList<>();
    new Session(image).resolve().manifest().getLayers()
        .forEach(layer -> layers.add(new Layer(layer.getDigest().toString(), layer.getSize())));
    return layers;
  }

  @Override
  public void close() throws IOException {
    http.shutDown();
  }

  private record Resolved(DescriptorDigest digest, BuildableManifestTemplate manifest) {}

  /** The requests about one image, with the authorization the first one needed. */
  private final class Session {
    private final ImageReference image;
    private RegistryClient client;

    Session(ImageReference image) {
      this.image = image;
      this.client = RegistryClient.factory(EventHandlers.NONE, image.getRegistry(), image.getRepository(), http)
          .newRegistryClient();
    }

    Resolved resolve() throws IOException, RegistryException, KedroVertexAiException {
      ManifestAndDigest<ManifestTemplate> manifest = pull(image.getQualifier());
      if (manifest.getManifest() instanceof ManifestListTemplate list) {
        List<String> digests = list.getDigestsForPlatform(ARCHITECTURE, OS);
        if (digests.isEmpty()) {
          throw new KedroVertexAiException(
              "The image " + image + " has no " + OS + "/" + ARCHITECTURE + " variant, the platform Vertex AI runs:"
                  + " choose an image built for it");
        }
        manifest = pull(digests.get(0));
      }
      if (manifest.getManifest() instanceof BuildableManifestTemplate buildable) {
        return new Resolved(manifest.getDigest(), buildable);
      }
      throw new KedroVertexAiException(
          "The image " + image + " has a Docker schema 1 manifest, which cannot be built on: choose a current image");
    }

    private ManifestAndDigest<ManifestTemplate> pull(String qualifier)
        throws IOException, RegistryException, KedroVertexAiException {
      try {
        return client.pullManifest(qualifier);
      } catch (RegistryUnauthorizedException refused) {
        String challenge = refused.getHttpResponseException().getHeaders().getAuthenticate();
        if (challenge == null) {
          throw refused;
        }
        // Refused without credentials: authenticate as the challenge says (a token, or basic), once.
        client =
            RegistryClient.factory(EventHandlers.NONE, image.getRegistry(), image.getRepository(), http)
                .setCredential(auth.credential(image.getRegistry()).orElse(null))
                .newRegistryClient();
        client.authPullByWwwAuthenticate(challenge);
        return client.pullManifest(qualifier);
      }
    }
  }
}
