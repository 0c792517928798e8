package io.github.gatewaysdk.aistats.core;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Where the client may connect, checked on the addresses it connects to (both HttpClient clients resolve every host
 * here, IP literals included): any address of the base URL's host, which the user chose; for any other host (a result
 * URL an answer named), only public addresses, unless the client allows private networks. So an answer from a
 * compromised or impersonated gateway cannot make this process reach its own machine or network, whatever name or
 * spelling of an address (decimal, IPv4-mapped IPv6) the URL uses.
 */
final class AddressPolicy implements DnsResolver {
  private final String baseHost;
  private final boolean allowPrivateNetworks;

  AddressPolicy(String baseHost, boolean allowPrivateNetworks) {
    this.baseHost = bare(baseHost);
    this.allowPrivateNetworks = allowPrivateNetworks;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] all = SystemDefaultDnsResolver.INSTANCE.resolve(host);
    if (allowPrivateNetworks || bare(host).equals(baseHost)) {
      return all;
    }
    List<InetAddress> allowed = new ArrayList<>();
    for (InetAddress address : all) {
      if (kind(address) == null) {
        allowed.add(address);
      }
    }
    if (allowed.isEmpty()) {
      throw new Refused(host, all[0]);
    }
    return allowed.toArray(new InetAddress[0]);
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
  }

  /** @return what kind of non-public address {@code address} is, or null for a public one */
  static String kind(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return "loopback";
    }
    if (address.isAnyLocalAddress()) {
      return "this host's wildcard";
    }
    if (address.isLinkLocalAddress()) {
      return "link-local";
    }
    if (address.isSiteLocalAddress()) {
      return "private";
    }
    if (address.isMulticastAddress()) {
      return "multicast";
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address) {
      return (bytes[0] & 0xfe) == 0xfc ? "unique-local" : null; // fc00::/7
    }
    int first = bytes[0] & 0xff;
    int second = bytes[1] & 0xff;
    if (first == 0) {
      return "this network's";
    }
    if (first == 100 && second >= 64 && second < 128) {
      return "shared (carrier-grade NAT)"; // 100.64.0.0/10
    }
    return null;
  }

  private static String bare(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
  }

  /** A host whose every address is inside a private network: nothing was sent, and a retry would not change that. */
  static final class Refused extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    Refused(String host, InetAddress address) {
      super("the host " + host + " is at " + address.getHostAddress() + ", a " + kind(address) + " address;"
          + " only the base URL's host may be inside a private network unless the client is built with"
          + " allowPrivateNetworks(true)");
    }
  }
}
