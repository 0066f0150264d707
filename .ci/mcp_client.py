#!/usr/bin/env python3
"""A second, independent MCP client for `zhengce mcp`: the official Python SDK (`mcp` from PyPI,
pinned in .ci/run) starts the server over stdio, completes the handshake, lists the tools and
resources, calls every tool, and reads back every id a search returns. Exits non-zero on any
failure. Usage: mcp_client.py ZHENGCE_BINARY INDEX_DIR
"""
import asyncio
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def main(binary: str, index: str) -> None:
    params = StdioServerParameters(command=binary, args=["mcp", "--index", index])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            assert init.server_info.name == "zhengce", init
            tools = {t.name: t for t in (await session.list_tools()).tools}
            assert set(tools) == {"search", "read", "outline", "cite", "verify"}, set(tools)
            assert all(t.output_schema for t in tools.values())

            found = await session.call_tool("search", {"query": "编制", "limit": 5})
            assert not found.is_error, found
            hits = found.structured_content["hits"]
            assert hits, found.structured_content
            for hit in hits:
                passage = await session.call_tool("read", {"id": hit["id"], "context": 0})
                assert not passage.is_error, passage
                texts = [p["text"] for p in passage.structured_content["paragraphs"] if p["target"]]
                assert any(hit["text"] in t for t in texts), (hit["id"], texts)
            doc = hits[0]["doc_id"]
            outline = await session.call_tool("outline", {"doc": doc})
            assert outline.structured_content["doc_id"] == doc
            cited = await session.call_tool("cite", {"id": hits[0]["id"], "format": "gbt7714"})
            assert cited.structured_content["formatted"], cited
            checked = await session.call_tool(
                "verify", {"text": "据《经开区管理体制机制调研报告》，经开区机关核定专项编制45人。"}
            )
            assert checked.structured_content["all_exact"] is True, checked.structured_content

            resources = (await session.list_resources()).resources
            assert resources and str(resources[0].uri).startswith("zhengce://doc/")
            contents = await session.read_resource(resources[0].uri)
            assert contents.contents[0].text

            try:
                bad = await session.call_tool("read", {"id": "ffffffff:1"})
                assert bad.is_error, bad
            except Exception as e:  # a JSON-RPC error is the other correct answer
                assert "ffffffff" in str(e), e
    print(f"mcp client: {len(tools)} tools, {len(hits)} hits read back, {len(resources)} resources: ok")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
