#!/usr/bin/env python3
"""A second, independent MCP client for `zhengce mcp`: the official Python SDK (`mcp` from PyPI,
pinned in .ci/run) starts the server over stdio, completes the handshake, lists the tools and
resources, calls every tool (ask, topics and compare too), and reads back every id a search returns. Exits non-zero on any
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
            assert set(tools) == {
                "search", "read", "outline", "cite", "verify", "ask", "topics", "compare"
            }, set(tools)
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

            # The SDK checks each structured result against the tool's output schema.
            answered = await session.call_tool("ask", {"question": "经开区机关核定了多少编制？"})
            assert not answered.is_error, answered
            assert answered.structured_content["answer"] == "45人", answered.structured_content
            assert answered.structured_content["citation"], answered.structured_content
            refused = await session.call_tool("ask", {"question": "经开区2023年的规模工业总产值是多少？"})
            assert refused.structured_content["found"] is False, refused.structured_content
            assert refused.structured_content["answer"] is None, refused.structured_content
            topics = await session.call_tool("topics", {})
            assert any(t["id"] == "staffing" for t in topics.structured_content["topics"]), topics
            profile = await session.call_tool("topics", {"doc": doc})
            assert profile.structured_content["profile"], profile
            compared = await session.call_tool(
                "compare", {"documents": [doc, "某市街道办事处条例"]}
            )
            assert not compared.is_error, compared
            assert len(compared.structured_content["documents"]) == 2, compared.structured_content
            assert compared.structured_content["rows"], compared.structured_content

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
