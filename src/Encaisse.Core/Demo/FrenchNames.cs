namespace Encaisse.Demo;

/// <summary>Names, trades and towns for a believable French SME portfolio (facts, not people).</summary>
internal static class FrenchNames
{
    public static readonly string[] FirstNames =
    [
        "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Jade", "Louise", "Sarah", "Juliette", "Claire", "Hélène",
        "Nathalie", "Sophie", "Isabelle", "Thomas", "Lucas", "Hugo", "Nicolas", "Julien", "Antoine", "Maxime", "Pierre",
        "Louis", "Théo", "François", "Olivier", "Éric", "Stéphane", "Mathieu", "Benoît", "Cédric", "Jérôme", "Aurélie",
    ];

    public static readonly string[] LastNames =
    [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
        "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
        "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
        "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu",
        "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard",
    ];

    /// <summary>Trade, segment and typical invoice size in euros.</summary>
    public static readonly (string Trade, string Segment, int TypicalAmount)[] Trades =
    [
        ("Boulangerie", "commerce", 450), ("Boucherie", "commerce", 600), ("Transports", "transport", 3200),
        ("Menuiserie", "btp", 5200), ("Maçonnerie", "btp", 8800), ("Plomberie", "btp", 1900), ("Électricité", "btp", 2400),
        ("Garage", "automobile", 1600), ("Pharmacie", "sante", 900), ("Imprimerie", "services", 1300),
        ("Restaurant", "hotellerie", 750), ("Hôtel", "hotellerie", 2100), ("Cabinet", "services", 2600),
        ("Agence", "services", 3400), ("Laboratoire", "sante", 4100), ("Fromagerie", "commerce", 520),
        ("Librairie", "commerce", 380), ("Serrurerie", "btp", 1100), ("Paysagiste", "btp", 2900), ("Informatique", "services", 6200),
    ];

    public static readonly string[] LegalForms = ["SARL", "SAS", "SASU", "EURL", "SA", "SNC"];

    public static readonly string[] Streets =
    [
        "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Gambetta", "rue de la Gare",
        "place du Marché", "rue Pasteur", "avenue de la Libération", "rue du Général de Gaulle", "chemin des Vignes",
        "rue des Écoles", "impasse des Tilleuls", "route de Lyon", "rue Nationale", "quai de la Loire",
    ];

    /// <summary>Town, postal code.</summary>
    public static readonly (string City, string PostalCode)[] Towns =
    [
        ("Paris", "75011"), ("Lyon", "69003"), ("Marseille", "13006"), ("Toulouse", "31000"), ("Nice", "06000"),
        ("Nantes", "44000"), ("Strasbourg", "67000"), ("Montpellier", "34000"), ("Bordeaux", "33000"), ("Lille", "59000"),
        ("Rennes", "35000"), ("Reims", "51100"), ("Saint-Étienne", "42000"), ("Le Havre", "76600"), ("Toulon", "83000"),
        ("Grenoble", "38000"), ("Dijon", "21000"), ("Angers", "49000"), ("Nîmes", "30000"), ("Clermont-Ferrand", "63000"),
        ("Le Mans", "72000"), ("Aix-en-Provence", "13100"), ("Brest", "29200"), ("Tours", "37000"), ("Amiens", "80000"),
        ("Limoges", "87000"), ("Annecy", "74000"), ("Perpignan", "66000"), ("Metz", "57000"), ("Besançon", "25000"),
        ("Orléans", "45000"), ("Rouen", "76000"), ("Caen", "14000"), ("Nancy", "54000"), ("Pau", "64000"),
        ("La Rochelle", "17000"), ("Poitiers", "86000"), ("Avignon", "84000"), ("Valence", "26000"), ("Colmar", "68000"),
    ];

    public static readonly string[] Roles = ["Comptabilité fournisseurs", "Gérant", "Directeur administratif et financier", "Assistante de direction", "Présidente"];
}
