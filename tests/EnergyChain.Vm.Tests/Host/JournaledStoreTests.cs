using EnergyChain.Vm.Host;

namespace EnergyChain.Vm.Tests.Host;

public sealed class JournaledStoreTests
{
    [Fact]
    public void Rollback_restores_puts_overwrites_and_deletes()
    {
        var store = new JournaledStore();
        store.Put([1], [10]);
        store.Put([2], [20]);
        store.Commit();

        var checkpoint = store.Checkpoint();
        store.Put([1], [11]);
        store.Delete([2]);
        store.Put([3], [30]);
        store.Put([3], [31]);
        store.RollbackTo(checkpoint);

        Assert.Equal([10], store.Get([1]));
        Assert.Equal([20], store.Get([2]));
        Assert.Null(store.Get([3]));
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void Nested_checkpoints_roll_back_independently()
    {
        var store = new JournaledStore();
        var outer = store.Checkpoint();
        store.Put([1], [1]);
        var inner = store.Checkpoint();
        store.Put([2], [2]);
        store.RollbackTo(inner);
        Assert.Equal([1], store.Get([1]));
        Assert.Null(store.Get([2]));
        store.RollbackTo(outer);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Entries_are_in_byte_order() =>
        Assert.Equal([[0], [0, 1], [1], [255]], Build([1], [255], [0, 1], [0]).Entries.Select(e => e.Key));

    private static JournaledStore Build(params byte[][] keys)
    {
        var store = new JournaledStore();
        foreach (var k in keys)
        {
            store.Put(k, k);
        }

        return store;
    }
}
