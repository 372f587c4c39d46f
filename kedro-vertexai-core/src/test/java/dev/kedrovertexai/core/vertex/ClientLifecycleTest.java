package dev.kedrovertexai.core.vertex;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import org.junit.jupiter.api.Test;

/** The clients a goal opens end with it: channels shut down and waited for. */
class ClientLifecycleTest {
  @Test
  void closingTheClientsEndsEveryChannel() throws Exception {
    try (FakeVertexAi fake = FakeVertexAi.loopback(0)) {
      String target = "127.0.0.1:" + fake.port();
      GrpcVertexClients clients =
          GrpcVertexClients.create(
              target,
              InstantiatingGrpcChannelProvider.newBuilder()
                  .setEndpoint(target)
                  .setChannelConfigurator(builder -> builder.usePlaintext())
                  .build(),
              NoCredentialsProvider.create());
      clients.list(Fixtures.PARENT, "", "create_time desc", 1);

      clients.close();

      assertTrue(clients.isTerminated(), "every client and channel has ended");
    }
  }
}
