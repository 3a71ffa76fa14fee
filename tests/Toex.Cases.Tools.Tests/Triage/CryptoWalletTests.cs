using System.Text;
using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Tools.Tests.Triage;

public class CryptoWalletTests
{
    [Theory]
    [InlineData("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")]            // P2PKH
    [InlineData("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")]            // the genesis block's
    [InlineData("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")]            // P2SH
    [InlineData("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")]    // P2WPKH, bech32
    [InlineData("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")]    // BIP-173, upper case
    [InlineData("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3")] // P2WSH
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0")] // taproot, bech32m
    [InlineData("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y")] // BIP-350: v1, 40 bytes
    [InlineData("BC1SW50QGDZ25J")]                                // BIP-350: v16, 2 bytes
    [InlineData("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs")]          // BIP-350: v2, 16 bytes
    public void a_bitcoin_address_with_a_good_checksum_is_valid(string address) =>
        Assert.True(Bitcoin.IsValidAddress(address));

    [Theory]
    [InlineData("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3")]            // last character changed
    [InlineData("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNvN2")]            // one letter's case changed
    [InlineData("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz")]
    [InlineData("2J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")]            // not a main-network version
    [InlineData("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN")]             // truncated
    [InlineData("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr")]    // checksum character changed
    [InlineData("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mqd")]    // two characters swapped
    [InlineData("bc1qAr0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")]    // mixed case
    [InlineData("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")]    // test network
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd")] // v1 with a bech32 checksum
    [InlineData("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R")] // witness version 17
    [InlineData("bc1pw5dgrnzv")]                                   // one-byte program
    [InlineData("0BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")]
    [InlineData("")]
    public void a_corrupted_or_foreign_bitcoin_address_is_invalid(string address) =>
        Assert.False(Bitcoin.IsValidAddress(address));

    [Fact]
    public void a_segwit_address_normalises_to_lower_case_and_a_base58_address_keeps_its_case()
    {
        Assert.True(Bitcoin.TryNormalise("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", out var segwit));
        Assert.Equal("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", segwit);
        Assert.True(Bitcoin.TryNormalise("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", out var legacy));
        Assert.Equal("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", legacy);
    }

    [Theory]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]    // EIP-55's all-capitals example
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    [InlineData("0x52908400098527886e0f7030069857d2e4169ee7")]    // all lower case: no checksum to check
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    public void an_ethereum_address_with_a_good_or_no_checksum_is_valid(string address) =>
        Assert.True(Ethereum.IsValidAddress(address));

    [Theory]
    [InlineData("0x52908400098527886e0F7030069857D2E4169EE7")]    // one letter's case wrong
    [InlineData("0x5aAeb6053f3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")]     // 39 hex digits
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd")]
    [InlineData("0X52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EEG")]
    [InlineData("52908400098527886E0F7030069857D2E4169EE7")]
    public void an_ethereum_address_with_a_wrong_checksum_or_shape_is_invalid(string address) =>
        Assert.False(Ethereum.IsValidAddress(address));

    [Fact]
    public void an_ethereum_address_normalises_to_its_checksummed_form_whatever_its_case()
    {
        Assert.True(Ethereum.TryNormalise("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", out var fromLower));
        Assert.True(Ethereum.TryNormalise("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", out var fromUpper));
        Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", fromLower);
        Assert.Equal(fromLower, fromUpper);
    }

    [Theory]
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    public void keccak_256_matches_the_published_digests(string input, string expectedHex)
    {
        var digest = new byte[32];
        Keccak256.Hash(Encoding.ASCII.GetBytes(input), digest);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void keccak_256_absorbs_inputs_longer_than_one_block()
    {
        // 200 bytes crosses the 136-byte rate: the digest must differ from that of its first block alone.
        var input = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();
        var whole = new byte[32];
        var firstBlock = new byte[32];
        Keccak256.Hash(input, whole);
        Keccak256.Hash(input.AsSpan(0, 136), firstBlock);
        Assert.NotEqual(Convert.ToHexString(firstBlock), Convert.ToHexString(whole));
    }

    [Theory]
    [InlineData("send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 asap", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")]
    [InlineData("钱包bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq。", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")]
    [InlineData("USDT to 0x52908400098527886e0f7030069857d2e4169ee7", "0x52908400098527886E0F7030069857D2E4169EE7")]
    public void a_wallet_is_found_in_running_text(string text, string expected)
    {
        var entity = Assert.Single(EntityExtractor.Extract(text, KeywordSet.Empty));
        Assert.Equal(new ExtractedEntity(EntityType.CryptoWallet, expected), entity);
    }

    [Theory]
    [InlineData("send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 asap")]
    [InlineData("tx 0x52908400098527886e0F7030069857D2E4169EE7")]
    [InlineData("hash 0x88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b")]
    public void a_wallet_failing_its_checksum_is_not_an_entity(string text) =>
        Assert.DoesNotContain(EntityExtractor.Extract(text, KeywordSet.Empty), e => e.Type == EntityType.CryptoWallet);
}
