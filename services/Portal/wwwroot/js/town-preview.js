// The new-town wizard's brand preview (Pages/Prefecture/Towns/New.cshtml) follows the colours as they change.
// A file, not an inline script: the gateway's content security policy allows scripts from the portal only.
// The page works without it: 「プレビューを更新」 posts the colours and the server draws the preview.
for (const [input, part] of [["primaryColor", "preview-header"], ["accentColor", "preview-nav"]]) {
    document.getElementById(input).addEventListener("input", e => {
        const hex = e.target.value, target = document.getElementById(part);
        const [r, g, b] = [1, 3, 5].map(i => parseInt(hex.substr(i, 2), 16) / 255).map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        const l = 0.2126 * r + 0.7152 * g + 0.0722 * b; // as BrandColors.TextOn: whichever of white and black contrasts more
        target.style.background = hex;
        target.style.color = 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? "#FFFFFF" : "#000000";
    });
}
