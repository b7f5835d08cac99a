"""Addresses and networks, for the trusted reverse proxies; no Django here, so the settings can use it."""

import ipaddress


def trusted_proxy_networks(spec: list[str] | tuple[str, ...]) -> tuple:
    """Parse ``AMI_TRUSTED_PROXIES`` (addresses or networks); ``ValueError`` names a wrong one."""
    networks = []
    for item in spec:
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"not an IP address or network: {item!r}") from exc
    return tuple(networks)


def parse_address(value: str):
    """The address written in ``value`` (an IPv4 seen through an IPv6 socket as IPv4), or None."""
    try:
        address = ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address
