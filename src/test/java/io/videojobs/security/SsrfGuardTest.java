package io.videojobs.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "255.255.255.255", "224.0.0.1",
            "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
            "192.0.0.170", "198.18.0.1", "192.0.2.1", "198.51.100.7", "203.0.113.9", "240.0.0.1", "2001:db8::1",
            "64:ff9b::7f00:1", "64:ff9b::a00:1", "2002:7f00:1::", "2002:a9fe:a9fe::", "fec0::1", "ff02::1", "100::1",
            "::127.0.0.1"})
    void internalAddressesAreRefused(String address) throws UnknownHostException {
        assertTrue(SsrfGuard.isInternal(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:2800:220:1::248",
            "::ffff:8.8.8.8", "1.1.1.1", "64:ff9b::808:808", "2002:808:808::1", "2a00:1450:4001:80b::200e"})
    void publicAddressesAreAllowed(String address) throws UnknownHostException {
        assertFalse(SsrfGuard.isInternal(InetAddress.getByName(address)), address);
    }
}
