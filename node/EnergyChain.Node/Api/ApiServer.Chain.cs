using EnergyChain.Contracts.Host;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Membership;
using EnergyChain.Core.State;
using EnergyChain.Node.Hosting;
using EnergyChain.Node.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EnergyChain.Node.Api;

public static partial class ApiServer
{
    private static void MapChain(WebApplication app, NodeServices node, NodeNetwork network)
    {
        app.MapGet("/v1/status", () =>
        {
            var status = NodeStatusView.Of(node, network);
            return Results.Json(new
            {
                chainId = status.ChainId,
                engine = status.Engine,
                genesisHash = status.GenesisHash.ToString(),
                height = status.Height,
                finalizedHeight = status.FinalizedHeight,
                headHash = status.HeadHash.ToString(),
                stateRoot = status.StateRoot.ToString(),
                peers = status.Peers,
                mempool = new { count = status.MempoolCount, bytes = status.MempoolBytes },
                nodeAddress = status.NodeAddress.ToString(),
            });
        });

        app.MapGet("/v1/block/{id}", (string id) =>
        {
            var block = ulong.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var height)
                ? node.Store.GetBlock(height)
                : Hash256.TryParse(id, out var hash)
                    ? node.Store.GetBlock(hash)
                    : null;
            if (block is null)
            {
                return ulong.TryParse(id, out _) || Hash256.TryParse(id, out _)
                    ? Fail(StatusCodes.Status404NotFound, "NotFound", $"no block {id}")
                    : Fail(StatusCodes.Status400BadRequest, "BadRequest", "a block is named by its height or its 64-hex-digit hash");
            }

            return Results.Json(JsonViews.Block(block));
        });

        app.MapGet("/v1/account/{address}", (string address) =>
        {
            if (!Address.TryParse(address, out var parsed, out var error))
            {
                return Fail(StatusCodes.Status400BadRequest, "BadRequest", error);
            }

            var account = AccountView.Of(node, parsed);
            return Results.Json(new
            {
                address = account.Address.ToString(),
                balance = account.Balance,
                nonce = account.Nonce,
                stake = account.Stake,
                slashedTotal = account.SlashedTotal,
                pendingCount = account.PendingCount,
            });
        });

        app.MapGet("/v1/supply", () =>
        {
            // One snapshot: the height and every figure belong to the same block.
            var (head, accounts) = node.Chain.SnapshotHeadState();
            SupplySummary supply;
            ulong genesis;
            ulong? minted;
            try
            {
                supply = SupplySummary.Of(accounts);
                genesis = SupplySummary.OfGenesis(node.Genesis).Total;
                minted = supply.MintedSince(genesis);
            }
            catch (OverflowException e)
            {
                return Fail(StatusCodes.Status500InternalServerError, "SupplyOverflow", e.Message);
            }

            if (minted is not { } mintedSinceGenesis)
            {
                return Fail(StatusCodes.Status500InternalServerError, "SupplyMismatch",
                    $"at height {head.Height} the state holds {supply.Total} and {supply.Slashed} were slashed, less than the genesis supply {genesis}: money vanished without being slashed");
            }

            return Results.Json(new
            {
                height = head.Height,
                genesis,
                total = supply.Total,
                balances = supply.Balances,
                stake = supply.Stake,
                escrow = supply.Escrow,
                deposits = supply.Deposits,
                fees = supply.Fees,
                edc = supply.Edc,
                contracts = supply.Contracts,
                penalty = supply.Penalty,
                slashed = supply.Slashed,
                burned = supply.Burned,
                minted = mintedSinceGenesis,
            });
        });

        app.MapGet("/v1/contract/{address}", (string address) =>
        {
            if (!Address.TryParse(address, out var parsed, out var error))
            {
                return Fail(StatusCodes.Status400BadRequest, "BadRequest", error);
            }

            var account = node.Chain.GetAccount(parsed);
            byte[]? code;
            string? systemName = null;
            if (node.Contracts.SystemContracts.TryGet(parsed, out var system))
            {
                code = system.Code;
                systemName = system.Name;
            }
            else
            {
                code = ContractStore.CodeOf(account);
            }

            if (code is null)
            {
                return Fail(StatusCodes.Status404NotFound, "NotFound", $"no contract at {parsed}");
            }

            return Results.Json(new
            {
                address = parsed.ToString(),
                system = systemName,
                codeHash = Hash256.Compute(code).ToString(),
                codeSize = code.Length,
                balance = account.Balance,
            });
        });

        app.MapGet("/v1/certificate/{height}", (ulong height) =>
        {
            if (node.EngineNode.GetCommitted(height) is not { } committed)
            {
                return Fail(StatusCodes.Status404NotFound, "NotFound", node.EngineNode.BlockExchange is not null
                    ? $"the {node.Engine} engine has no commit certificates (its blocks carry their own proof)"
                    : $"no commit certificate for height {height} on this node");
            }

            var certificate = committed.Certificate;
            return Results.Json(new
            {
                height = certificate.Height,
                round = certificate.Round,
                blockHash = certificate.BlockHash.ToString(),
                precommits = certificate.Precommits.Select(v => new { voter = v.Voter.ToString(), signature = Convert.ToHexStringLower(v.Signature) }),
            });
        });

        app.MapGet("/v1/consensus", () =>
        {
            var head = node.Chain.Head;
            var view = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["engine"] = node.Genesis.Engine,
                ["height"] = head.Height,
                ["slot"] = head.Height + 1,
                ["electedProducer"] = node.EngineNode.ElectedProducer(head.Height + 1)?.ToString(),
                // The set from state that governs the next block, so joined members show and departed ones do not.
                ["members"] = MembershipState.MembersAt(node.Chain.State, head.Height + 1).Select(m => new { name = m.Name, publicKey = m.NodeKey.ToString(), address = m.Address.ToString() }),
            };

            // The engine's own part under its name (e.g. "poeg": market slot, coalitions, scores), when it has one.
            if (node.EngineNode.Status() is { } status)
            {
                view[node.Engine] = status;
            }

            return Results.Json(view);
        });
    }
}
