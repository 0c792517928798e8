package io.github.gatewaysdk.aistats.core;

import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.core.TestSupport.Form;
import io.github.gatewaysdk.aistats.errors.AiStatsConnectionException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hosts other than the base URL's are reached only at public addresses unless the client allows private networks:
 * checked on the address resolved for the connection, so every spelling of the loopback address is caught.
 */
class AddressPolicyTest extends LiveServerTest {
  private static final byte[] BODY = "image".getBytes(StandardCharsets.US_ASCII);

  /** The fault server listens on 127.0.0.1; each host below names it, none as the base URL does. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"BLOCKING, localhost", "ASYNC, localhost", "BLOCKING, 2130706433", "ASYNC, 2130706433",
"BLOCKING, [::ffff:127.0.0.1]", "ASYNC, [::ffff:127.0.0.1]"})
  void anotherHostOnThisMachineIsRefusedUnlessAllowed(Form form, String host) {
    URI url = URI.create("http://" + host + ":" + URI.create(server.baseUrl()).getPort() + "/files/out.png");
    TestClient strict = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    AiStatsConnectionException e = assertThrows(AiStatsConnectionException.class, () -> form.download(strict, url));
    assertInstanceOf(AddressPolicy.Refused.class, e.getCause());
    assertTrue(e.getMessage().startsWith("GET http://" + host + ":"), e.getMessage());
    assertTrue(e.getMessage().contains("was not sent: the host " + host + " is at 127.0.0.1"), e.getMessage());
    assertTrue(e.getMessage().contains("a loopback address"), e.getMessage());
    assertEquals(0, server.requestCount());
    strict.close();

    server.then(FaultServer.respond(200, "image/png", BODY));
    TestClient open = client(clientFor(server.baseUrl(), Timing.SYSTEM).allowPrivateNetworks(true));
    assertArrayEquals(BODY, form.download(open, url));
    assertEquals(1, server.requestCount());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"BLOCKING", "ASYNC"})
  void theBaseUrlsHostIsAlwaysReachable(Form form) {
    server.then(FaultServer.respond(200, "image/png", BODY));
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    assertArrayEquals(BODY, form.download(c, URI.create(server.baseUrl().replace("/v1", "/files/out.png"))));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(nullValues = "public", value = {
      "127.0.0.1, loopback", "::1, loopback", "10.1.2.3, private", "172.16.0.1, private", "172.31.255.255, private",
      "192.168.1.1, private", "169.254.169.254, link-local", "fe80::1, link-local", "fc00::1, unique-local",
      "fd12:3456::1, unique-local", "100.64.0.1, shared (carrier-grade NAT)", "0.0.0.0, this host's wildcard",
      "::, this host's wildcard", "0.1.2.3, this network's", "224.0.0.1, multicast", "ff02::1, multicast",
      "::ffff:10.0.0.1, private", "8.8.8.8, public", "172.32.0.1, public", "100.128.0.1, public",
      "2001:4860:4860::8888, public", "fec0::1, private"})
  void addressKinds(String address, String kind) throws Exception {
    assertEquals(kind, AddressPolicy.kind(InetAddress.getByName(address)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"8.8.8.8"})
  void aPublicAddressIsKept(String address) throws Exception {
    AddressPolicy policy = new AddressPolicy("api.example.test", false);
    assertArrayEquals(new InetAddress[] {InetAddress.getByName(address)}, policy.resolve(address));
    assertNull(AddressPolicy.kind(policy.resolve(address)[0]));
  }
}
