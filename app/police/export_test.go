package police

// FindPeople is findPeople, for the tests of package police_test.
var FindPeople = findPeople
